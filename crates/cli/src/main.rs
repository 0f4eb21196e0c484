//! `jalon`: track a cloud service's SecNumCloud qualification journey.

/// mimalloc rather than the system allocator: a read of a large history allocates and frees
/// hundreds of thousands of small values (parsed entries, the replayed state), and with it
/// `status` ran 1.7 times faster at 14k entries and 2 times at 100k (docs/PERFORMANCE.md), for
/// a quarter more resident memory.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod cli;
mod commands;
mod ctx;
mod demo_data;
mod error;
mod examples;
mod input;
mod messages;
mod paint;
mod progress;
mod table;

fn main() -> std::process::ExitCode {
    cli::main()
}
