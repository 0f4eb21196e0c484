//! Crash safety: write commands killed with SIGKILL at random moments never leave a workspace that
//! fails `jalon verify`, and every write that was acknowledged (exit 0) is there afterwards.
//!
//! The harness runs a random mix of write commands (journey record, assess, finding
//! add/plan/remediate/close, evidence add --copy, referential import) and kills each after a random
//! delay, from 0 to a little more than the command's usual running time, so that kills land before,
//! during and after the write. After each one it checks the whole workspace.
//!
//! Bounded by default (100 kills, for CI). The long run and a replay:
//!
//! ```sh
//! JALON_CRASH_KILLS=1000 cargo test --release --test integration crash -- --nocapture
//! JALON_CRASH_SEED=1234 cargo test --test integration crash -- --nocapture
//! ```

use std::collections::BTreeMap;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{Scratch, TODAY, json};

/// SplitMix64: a small seeded generator, so that a failing run can be replayed from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())].clone()
    }
}

/// A write command of the mix.
#[derive(Clone, Debug)]
enum Op {
    AddFinding(String),
    Plan(String),
    Remediate(String),
    Close(String),
    Assess(String, &'static str),
    Evidence(&'static str),
    Import,
    Journey(String, bool),
}

impl Op {
    fn kind(&self) -> &'static str {
        match self {
            Op::AddFinding(_) => "finding add",
            Op::Plan(_) => "finding plan",
            Op::Remediate(_) => "finding remediate",
            Op::Close(_) => "finding close",
            Op::Assess(..) => "assess",
            Op::Evidence(_) => "evidence add",
            Op::Import => "referential import",
            Op::Journey(..) => "journey record",
        }
    }

    fn args(&self) -> Vec<String> {
        let v = |items: &[&str]| items.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let mut args = match self {
            Op::AddFinding(req) => v(&[
                "finding",
                "add",
                "--requirement",
                req,
                "--severity",
                "minor",
                "--title",
                "Found while crashing",
            ]),
            Op::Plan(id) => v(&[
                "finding",
                "plan",
                id,
                "--action",
                "Fix it",
                "--owner",
                "Ops",
                "--due",
                "2027-03-01",
            ]),
            Op::Remediate(id) => v(&["finding", "remediate", id]),
            Op::Close(id) => v(&["finding", "close", id, "--note", "verified"]),
            Op::Assess(req, verdict) => v(&["assess", req, "--verdict", verdict]),
            Op::Evidence(source) => v(&[
                "evidence",
                "add",
                &format!("../{source}"),
                "--title",
                "Exported configuration",
                "--copy",
            ]),
            Op::Import => v(&[
                "referential",
                "import",
                "--from",
                "ciso-assistant",
                "../library.yaml",
            ]),
            Op::Journey(event, false) => v(&["journey", "record", event]),
            Op::Journey(event, true) => v(&[
                "journey",
                "record",
                event,
                "--force",
                "--note",
                "crash test",
            ]),
        };
        args.extend(v(&["--format", "json"]));
        args
    }
}

/// What an acknowledged command promised.
#[derive(Clone, Debug)]
enum Fact {
    Finding(String, String),
    /// A verdict on a requirement, in a cycle.
    Verdict(String, String),
    Evidence(String),
    Referential,
    Journey,
}

/// Finding statuses in lifecycle order: a later command can only move a finding forward.
fn rank(status: &str) -> usize {
    ["open", "action-planned", "remediated", "closed"]
        .iter()
        .position(|s| *s == status)
        .unwrap_or_else(|| panic!("unexpected finding status {status}"))
}

#[derive(Default)]
struct Tally {
    iterations: usize,
    kills: usize,
    /// Killed before anything reached the disk.
    before_write: usize,
    /// Killed mid-write: a temporary file was left, the target untouched.
    mid_write: usize,
    /// Killed after the write landed, before the command could say so.
    landed_unacknowledged: usize,
    /// Exited 0 before the kill: every one of these must be found afterwards.
    acknowledged: usize,
    /// Not killed, but refused by a rule (journey events the state no longer allows).
    refused: usize,
    checks: usize,
}

struct Harness {
    s: Scratch,
    rng: Rng,
    seed: u64,
    requirements: Vec<String>,
    acked: Vec<(String, Fact)>,
    /// For each requirement and cycle: the verdicts `jalon grid --cycle` may show (the last
    /// acknowledged one, and any given since by a killed command, which may or may not have
    /// landed, in whichever cycle was current).
    verdicts: BTreeMap<(String, String), Vec<String>>,
    tally: Tally,
    /// A command's usual running time (a moving average) and the longest delay before a kill.
    typical: Duration,
    max_delay: Duration,
    /// When each kind of command writes, as learnt from the kills.
    write_at: BTreeMap<&'static str, Duration>,
}

/// Where a kill landed.
#[derive(Clone, Copy)]
enum Outcome {
    Before,
    During,
    Finished,
}

impl Harness {
    fn command(&self, args: &[String]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_jalon"));
        cmd.current_dir(self.s.join("ws"))
            .args(args)
            .env("JALON_TODAY", TODAY)
            .env("JALON_ACTOR", "officer@example.org")
            .env("NO_COLOR", "1")
            .env_remove("RUST_BACKTRACE")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        cmd
    }

    /// Runs to completion; (code, stdout, stderr).
    fn run(&self, args: &[&str]) -> (i32, String, String) {
        let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
        let out = self.command(&args).output().expect("jalon runs");
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    fn context(&self, what: &str) -> String {
        format!(
            "{what} (seed {}, iteration {}; replay with JALON_CRASH_SEED={})",
            self.seed, self.tally.iterations, self.seed
        )
    }

    fn findings(&self) -> BTreeMap<String, String> {
        let (code, out, err) = self.run(&["finding", "list", "--all", "--format", "json"]);
        assert_eq!(code, 0, "{}: {err}", self.context("finding list failed"));
        json(&out)["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["id"].as_str().unwrap().to_owned(),
                    f["status"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    }

    /// The next command, chosen from what the workspace allows now.
    fn choose(&mut self, findings: &BTreeMap<String, String>) -> Op {
        let with = |status: &[&str]| -> Vec<String> {
            findings
                .iter()
                .filter(|(_, s)| status.contains(&s.as_str()))
                .map(|(id, _)| id.clone())
                .collect()
        };
        loop {
            let op = match self.rng.below(20) {
                0..=4 => Op::AddFinding(self.rng.pick(&self.requirements)),
                5..=6 => match with(&["open", "action-planned"]) {
                    ids if !ids.is_empty() => Op::Plan(self.rng.pick(&ids)),
                    _ => continue,
                },
                7..=8 => match with(&["action-planned"]) {
                    ids if !ids.is_empty() => Op::Remediate(self.rng.pick(&ids)),
                    _ => continue,
                },
                9 => match with(&["remediated"]) {
                    ids if !ids.is_empty() => Op::Close(self.rng.pick(&ids)),
                    _ => continue,
                },
                10..=14 => Op::Assess(
                    self.rng.pick(&self.requirements),
                    self.rng.pick(&["conform", "nonconform"]),
                ),
                15..=16 => Op::Evidence(self.rng.pick(&["config.txt", "dossier.pdf"])),
                17 => Op::Import,
                _ => match self.next_event() {
                    Some((event, ready)) => Op::Journey(event, !ready),
                    None => continue,
                },
            };
            return op;
        }
    }

    /// A journey event possible now (forced when its readiness checks fail), avoiding the ends.
    fn next_event(&mut self) -> Option<(String, bool)> {
        let (code, out, err) = self.run(&["journey", "next", "--format", "json"]);
        assert_eq!(code, 0, "{}: {err}", self.context("journey next failed"));
        let possible: Vec<(String, bool)> = json(&out)["possible"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["event"].as_str().unwrap().to_owned(),
                    p["ready"].as_bool().unwrap(),
                )
            })
            .filter(|(e, _)| {
                !["abandon", "revok", "withdraw"]
                    .iter()
                    .any(|w| e.contains(w))
            })
            .collect();
        (!possible.is_empty()).then(|| self.rng.pick(&possible))
    }

    /// A third of the kills anywhere from 0 to a little after a command's usual end; the others
    /// around the moment this kind of command writes, learnt as the run goes (a noisy bisection).
    fn delay(&mut self, op: &Op) -> Duration {
        let at = self.write_at(op);
        let (from, to) = if self.rng.below(3) == 0 {
            (Duration::ZERO, self.max_delay)
        } else {
            (at.mul_f64(0.85), at.mul_f64(1.15))
        };
        let span = (to - from).as_micros() as u64 + 1;
        from + Duration::from_micros(self.rng.next() % span)
    }

    fn write_at(&mut self, op: &Op) -> Duration {
        let typical = self.typical;
        *self
            .write_at
            .entry(op.kind())
            .or_insert_with(|| typical.mul_f64(0.8))
    }

    /// Moves the estimate of when `op` writes: later when a kill at `delay` came before the write,
    /// earlier when the command had already finished, towards `delay` when it hit the write.
    fn learn(&mut self, op: &Op, delay: Duration, outcome: Outcome) {
        let at = self.write_at(op);
        let step = at.mul_f64(0.03);
        let new = match outcome {
            Outcome::Before if delay >= at => at + (delay - at).mul_f64(0.25) + step,
            Outcome::Finished if delay <= at => {
                at.saturating_sub((at - delay).mul_f64(0.25) + step)
            }
            Outcome::During => at.mul_f64(0.75) + delay.mul_f64(0.25),
            _ => at,
        };
        self.write_at.insert(op.kind(), new);
    }

    /// The workspace's files that are not temporary files, and how many temporary files there are.
    fn census(&self) -> (BTreeMap<String, Vec<u8>>, usize) {
        let mut files = BTreeMap::new();
        let mut temps = 0;
        let ws = self.s.join("ws");
        let mut stack = vec![ws.clone()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                if path.is_dir() {
                    stack.push(path);
                } else if name.starts_with(".jalon-tmp-") {
                    temps += 1;
                } else if name != "lock" {
                    let rel = path.strip_prefix(&ws).unwrap().display().to_string();
                    files.insert(rel, std::fs::read(&path).unwrap());
                }
            }
        }
        (files, temps)
    }

    /// One command, killed after a random delay unless it finished first (or not killed at all,
    /// to calibrate the delays).
    fn step(&mut self, kill: bool) {
        let findings = self.findings();
        let op = self.choose(&findings);
        let (before, temps_before) = self.census();
        let delay = self.delay(&op);
        let started = Instant::now();
        let mut child = self.command(&op.args()).spawn().expect("jalon starts");
        if kill {
            std::thread::sleep(delay);
            // On Unix, `kill` sends SIGKILL: no destructor, no cleanup, like a crash of the process.
            child.kill().expect("kill");
        }
        let out = child.wait_with_output().expect("wait");
        let took = started.elapsed();
        self.tally.iterations += 1;
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            !stderr.contains("panicked"),
            "{}: {op:?}\n{stderr}",
            self.context("jalon panicked")
        );
        if out.status.signal() == Some(9) {
            self.tally.kills += 1;
            let (after, temps_after) = self.census();
            let outcome = if after != before {
                self.tally.landed_unacknowledged += 1;
                Outcome::During
            } else if temps_after > temps_before {
                self.tally.mid_write += 1;
                Outcome::During
            } else {
                self.tally.before_write += 1;
                Outcome::Before
            };
            self.learn(&op, delay, outcome);
            if let Op::Assess(req, verdict) = &op {
                for ((r, _), possible) in self.verdicts.iter_mut() {
                    if r == req {
                        possible.push((*verdict).to_owned());
                    }
                }
            }
        } else {
            let code = out.status.code().unwrap_or(-1);
            let stdout = String::from_utf8_lossy(&out.stdout);
            match (code, &op) {
                (0, _) => {
                    if kill {
                        self.learn(&op, delay, Outcome::Finished);
                    }
                    self.tally.acknowledged += 1;
                    self.acknowledge(&op, &json(&stdout));
                    if !kill {
                        // Calibrate on commands left to finish (a command's time grows with the
                        // history): kills should spread over the whole run of a command, and a
                        // little after.
                        self.typical = if self.typical.is_zero() {
                            took
                        } else {
                            self.typical.mul_f64(0.7) + took.mul_f64(0.3)
                        };
                        self.max_delay = self.typical.mul_f64(1.3);
                    }
                }
                (1, Op::Journey(..)) => self.tally.refused += 1,
                // After a decision, an evaluation's acts wait for the next cycle: a rule.
                (1, _) if stderr.contains("is closed (") => self.tally.refused += 1,
                // A surveillance audit's verdicts are on what it covers: a rule.
                (1, Op::Assess(..)) if stderr.contains("is not in the scope of cycle") => {
                    self.tally.refused += 1
                }
                // An open non-conformity keeps its requirement from being conform: a rule.
                (1, Op::Assess(_, "conform")) if stderr.contains("cannot be conform while") => {
                    self.tally.refused += 1
                }
                _ => panic!(
                    "{}: {op:?} exited {code}\n{stderr}",
                    self.context("a command that was not killed failed")
                ),
            }
        }
        self.check();
    }

    fn acknowledge(&mut self, op: &Op, out: &serde_json::Value) {
        let file = out["file"]
            .as_str()
            .expect("every write names its file")
            .to_owned();
        let fact = match op {
            Op::AddFinding(_) => {
                Fact::Finding(out["id"].as_str().unwrap().to_owned(), "open".to_owned())
            }
            Op::Plan(id) | Op::Remediate(id) | Op::Close(id) => {
                Fact::Finding(id.clone(), out["status"].as_str().unwrap().to_owned())
            }
            Op::Assess(req, verdict) => {
                let cycle = out["cycle"].as_str().unwrap().to_owned();
                self.verdicts
                    .insert((req.clone(), cycle.clone()), vec![(*verdict).to_owned()]);
                Fact::Verdict(req.clone(), cycle)
            }
            Op::Evidence(_) => Fact::Evidence(out["id"].as_str().unwrap().to_owned()),
            Op::Import => Fact::Referential,
            Op::Journey(..) => Fact::Journey,
        };
        self.acked.push((file, fact));
    }

    /// The workspace verifies, and everything acknowledged is there.
    fn check(&mut self) {
        self.tally.checks += 1;
        let (code, out, err) = self.run(&["verify"]);
        // A kill mid-write may leave a temporary file: a warning (the next write removes it).
        let only_leftovers = out
            .lines()
            .filter(|l| l.starts_with("warning:"))
            .all(|l| l.contains("temporary file of an interrupted write"));
        assert!(
            code == 0 && only_leftovers && (out.ends_with(": ok.\n") || out.contains(": ok, ")),
            "{}:\n{out}{err}",
            self.context("jalon verify failed after a kill")
        );
        let ws = self.s.join("ws");
        for (file, fact) in &self.acked {
            assert!(
                ws.join(file).is_file(),
                "{}: {file} ({fact:?})",
                self.context("an acknowledged write is missing")
            );
        }
        // Ids are dense and unique: F-0001…F-n, E-0001…E-n.
        let findings = self.findings();
        let dense = |ids: Vec<&str>, prefix: &str| {
            let expected: Vec<String> = (1..=ids.len())
                .map(|i| format!("{prefix}-{i:04}"))
                .collect();
            assert_eq!(ids, expected, "{}", self.context("ids are not dense"));
        };
        dense(findings.keys().map(String::as_str).collect(), "F");
        let (code, out, err) = self.run(&["evidence", "list", "--format", "json"]);
        assert_eq!(code, 0, "{}: {err}", self.context("evidence list failed"));
        let evidence = json(&out);
        let evidence: Vec<&str> = evidence["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_str().unwrap())
            .collect();
        dense(evidence.clone(), "E");
        // Each cycle has its own grid: an acknowledged verdict is in the one it was recorded in.
        let mut grids: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
        for (_, fact) in &self.acked {
            if let Fact::Verdict(_, cycle) = fact
                && !grids.contains_key(cycle)
            {
                let (code, out, err) = self.run(&["grid", "--cycle", cycle, "--format", "json"]);
                assert_eq!(code, 0, "{}: {err}", self.context("grid failed"));
                let shown = json(&out)["requirements"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|r| {
                        (
                            r["id"].as_str().unwrap().to_owned(),
                            r["verdict"].as_str().unwrap().to_owned(),
                        )
                    })
                    .collect();
                grids.insert(cycle.clone(), shown);
            }
        }
        for (_, fact) in &self.acked {
            match fact {
                Fact::Finding(id, status) => {
                    let now = findings.get(id).unwrap_or_else(|| {
                        panic!(
                            "{}: {id}",
                            self.context("an acknowledged finding is missing")
                        )
                    });
                    assert!(
                        rank(now) >= rank(status),
                        "{}: {id} is {now}, was acknowledged {status}",
                        self.context("an acknowledged finding change is lost")
                    );
                }
                Fact::Verdict(req, cycle) => {
                    let possible = &self.verdicts[&(req.clone(), cycle.clone())];
                    let shown = grids[cycle]
                        .get(req)
                        .map_or("(not in the grid)", String::as_str);
                    assert!(
                        possible.iter().any(|v| v == shown),
                        "{}: {req} shows {shown} in {cycle}, expected one of {possible:?}",
                        self.context("an acknowledged verdict is lost"),
                    );
                }
                Fact::Evidence(id) => assert!(
                    evidence.contains(&id.as_str()),
                    "{}: {id}",
                    self.context("acknowledged evidence is missing")
                ),
                Fact::Referential | Fact::Journey => {}
            }
        }
    }
}

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok().map(|v| {
        v.parse()
            .unwrap_or_else(|_| panic!("{name} must be a number, not {v:?}"))
    })
}

/// A CISO Assistant library of a few chapters, to import again and again.
fn library(chapters: usize) -> String {
    let mut t = String::from(
        "urn: urn:intuitem:risk:library:crash-test\nlocale: fr\nref_id: crash-test\nname: Crash test\n\
         objects:\n  framework:\n    urn: urn:intuitem:risk:framework:crash-test\n    ref_id: crash-test\n\
         \x20   name: Crash test\n    requirement_nodes:\n",
    );
    let node = "urn:intuitem:risk:req_node:crash-test";
    for c in 1..=chapters {
        t.push_str(&format!(
            "    - urn: {node}:{c}\n      assessable: false\n      depth: 1\n      ref_id: '{c}'\n      name: Chapter {c}\n"
        ));
        for r in 1..=10 {
            t.push_str(&format!(
                "    - urn: {node}:{c}.{r}\n      assessable: true\n      depth: 2\n      parent_urn: {node}:{c}\n      \
                 ref_id: {c}.{r}.a\n      description: Requirement {c}.{r}, written long enough to make the file take a while to write.\n"
            ));
        }
    }
    t
}

#[test]
#[allow(
    clippy::print_stderr,
    reason = "the seed and the figures are the test's report (run with --nocapture)"
)]
fn sigkill_at_random_moments_never_corrupts_or_loses_acknowledged_writes() {
    let kills = env_number("JALON_CRASH_KILLS").unwrap_or(100) as usize;
    #[allow(
        clippy::disallowed_methods,
        reason = "a fresh seed for each run, printed"
    )]
    let seed = env_number("JALON_CRASH_SEED").unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos() as u64
    });
    eprintln!("crash: seed {seed} (replay with JALON_CRASH_SEED={seed}), {kills} kills");

    let s = Scratch::new();
    s.workspace();
    std::fs::write(
        s.join("config.txt"),
        "hypervisor: hv-10\nnetwork: prod\n".repeat(20),
    )
    .unwrap();
    // A larger file, so that some kills land in the middle of the copy.
    let big: Vec<u8> = (0..2_000_000u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(s.join("dossier.pdf"), big).unwrap();
    std::fs::write(s.join("library.yaml"), library(30)).unwrap();
    let grid = json(&s.ok(&["-C", "ws", "grid", "--format", "json"]));
    let requirements: Vec<String> = grid["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["applicable"].as_bool() == Some(true) && r["kind"] == "requirement")
        .take(12)
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(requirements.len(), 12);

    let mut h = Harness {
        s,
        rng: Rng(seed),
        seed,
        requirements,
        acked: Vec::new(),
        verdicts: BTreeMap::new(),
        tally: Tally::default(),
        typical: Duration::ZERO,
        max_delay: Duration::ZERO,
        write_at: BTreeMap::new(),
    };
    let started = Instant::now();
    for _ in 0..5 {
        h.step(false);
    }
    while h.tally.kills < kills {
        // One command in ten runs to its end, to follow the commands' running time.
        let calibrate = h.tally.iterations % 10 == 9;
        h.step(!calibrate);
        assert!(
            h.tally.iterations < kills * 4 + 100,
            "{}",
            h.context("too few commands were killed: is the machine too fast for the delays?")
        );
    }
    let elapsed = started.elapsed();
    let (_, temps) = h.census();
    let t = &h.tally;
    let entries = std::fs::read_dir(h.s.join("ws/history"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "ron")
        })
        .count();
    eprintln!(
        "crash: {} commands, {} killed ({} before writing, {} mid-write, {} after the write landed), \
         {} acknowledged and all found, {} refused; {} workspace checks passed, 0 corrupt, 0 lost; \
         {} history files, {} temporary files left by kills; max delay {:?}; {:.1} s",
        t.iterations,
        t.kills,
        t.before_write,
        t.mid_write,
        t.landed_unacknowledged,
        t.acknowledged,
        t.refused,
        t.checks,
        entries,
        temps,
        h.max_delay,
        elapsed.as_secs_f64()
    );
    assert!(t.acknowledged > 0 && t.kills >= kills);
    assert!(
        Path::new(&h.s.join("ws/history")).is_dir(),
        "the workspace is still a workspace"
    );
}

/// Found by the harness above: `evidence add --copy` killed between its copy and its history entry
/// left `evidence/E-0017-config.txt` behind, and the same command run again failed for ever
/// ("cannot create …: File exists"). A copy with the same bytes is now kept; other bytes are
/// refused with what to do, and nothing is written.
#[test]
fn evidence_copy_left_by_a_killed_add_does_not_block_the_next_add() {
    let s = Scratch::new();
    s.workspace();
    std::fs::write(s.join("config.txt"), "hypervisor: hv-10\n").unwrap();
    std::fs::create_dir(s.join("ws/evidence")).unwrap();
    // What the killed command left: the copy, no history entry.
    std::fs::copy(
        s.join("config.txt"),
        s.join("ws/evidence/E-0001-config.txt"),
    )
    .unwrap();
    let out = s.ok(&[
        "-C",
        "ws",
        "evidence",
        "add",
        "config.txt",
        "--title",
        "Configuration",
        "--copy",
    ]);
    assert!(out.starts_with("E-0001 "), "{out}");
    assert!(s.ok(&["-C", "ws", "verify"]).ends_with(": ok.\n"));

    // Other bytes under the name the next id would take: refused, nothing written.
    std::fs::write(s.join("ws/evidence/E-0002-config.txt"), "something else\n").unwrap();
    let before = s.snapshot_tree();
    let (code, _, err) = s.run(&[
        "-C",
        "ws",
        "evidence",
        "add",
        "config.txt",
        "--title",
        "Configuration",
        "--copy",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("evidence/E-0002-config.txt: is already there with other content"),
        "{err}"
    );
    assert!(err.contains("move it away"), "{err}");
    assert_eq!(before, s.snapshot_tree());
}
