//! Running `jalon` in a scratch folder with a fixed clock and actor.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub const TODAY: &str = "2026-11-23";

pub struct Scratch {
    pub dir: tempfile::TempDir,
}

impl Scratch {
    pub fn new() -> Scratch {
        Scratch {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn join(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// `jalon` run in the scratch folder, with today and the actor fixed.
    pub fn jalon(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_jalon"));
        cmd.current_dir(self.path())
            .env("JALON_TODAY", TODAY)
            .env("JALON_ACTOR", "officer@example.org")
            .env_remove("RUST_BACKTRACE")
            .env_remove("JALON_SIGNING_KEY")
            // English unless a test asks for French; colour as `--color` says.
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANG")
            .env("NO_COLOR", "1");
        cmd
    }

    /// Runs `jalon ARGS` and returns (exit code, stdout, stderr), with the scratch path hidden.
    pub fn run(&self, args: &[&str]) -> (i32, String, String) {
        self.run_with_env(&[], args)
    }

    /// [`Scratch::run`] with environment variables set (a locale, say).
    pub fn run_with_env(&self, env: &[(&str, &str)], args: &[&str]) -> (i32, String, String) {
        let out = self
            .jalon()
            .envs(env.iter().copied())
            .args(args)
            .output()
            .expect("jalon runs");
        let clean = |b: &[u8]| {
            String::from_utf8_lossy(b).replace(&self.path().display().to_string(), "[scratch]")
        };
        (
            out.status.code().unwrap_or(-1),
            clean(&out.stdout),
            clean(&out.stderr),
        )
    }

    /// Runs and expects success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let (code, out, err) = self.run(args);
        assert_eq!(code, 0, "jalon {args:?} failed:\n{err}");
        out
    }

    /// A fresh workspace `ws` for provider P, service S, IaaS.
    pub fn workspace(&self) -> &Self {
        self.ok(&[
            "init",
            "ws",
            "--provider",
            "Example Cloud",
            "--service",
            "Example Compute",
            "--kind",
            "iaas",
        ]);
        self
    }

    /// Records `event` on `date` in `ws`. J1 needs a plan validated by ANSSI and a named
    /// centre: these journey tests are not about the plan, so J1 is recorded as a back-filled
    /// override, with its reason (the plan tests check the guard itself).
    pub fn record(&self, event: &str, date: &str) {
        if event == "j1-accepted" {
            self.ok(&[
                "-C",
                "ws",
                "journey",
                "record",
                event,
                "--date",
                date,
                "--force",
                "--note",
                "plan validated outside jalon",
            ]);
        } else {
            self.ok(&["-C", "ws", "journey", "record", event, "--date", date]);
        }
    }

    /// Records every step up to and including `qualified` on `decided`.
    pub fn qualify(&self, decided: &str) {
        for (event, date) in [
            ("request-submitted", "2021-01-04"),
            ("j0-accepted", "2021-03-01"),
            ("j1-accepted", "2021-06-01"),
            ("documentary-audit-done", "2021-09-01"),
            ("onsite-audit-done", "2021-10-01"),
            ("evaluation-report-delivered", "2021-11-15"),
        ] {
            self.record(event, date);
        }
        // The grid was assessed outside jalon: J2's readiness check is overridden, with the reason.
        self.ok(&[
            "-C",
            "ws",
            "journey",
            "record",
            "j2-accepted",
            "--date",
            "2021-12-01",
            "--force",
            "--note",
            "grid assessed before adopting jalon",
        ]);
        self.record("qualified", decided);
    }

    /// Every file under the scratch folder with its bytes, to prove nothing changed.
    pub fn snapshot_tree(&self) -> Vec<(PathBuf, Vec<u8>)> {
        let mut out = Vec::new();
        let mut stack = vec![self.path().to_owned()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("list") {
                let path = entry.expect("entry").path();
                // `.jalon/` holds the writers' lock and the caches: derived, git-ignored, never
                // the workspace's content.
                if path.is_dir() && path.file_name().is_some_and(|n| n == ".jalon") {
                    continue;
                }
                if path.is_dir() {
                    stack.push(path);
                } else {
                    out.push((path.clone(), std::fs::read(&path).expect("read")));
                }
            }
        }
        out.sort();
        out
    }
}

pub fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

/// A reference file of `../shared/reference/` (beside the clone, as CI has it), or `None` after
/// saying on standard error that the test is skipped.
pub fn reference(rel: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference")
        .join(rel);
    if path.is_file() {
        return Some(path);
    }
    #[allow(clippy::print_stderr)]
    {
        eprintln!("skipped: {} not found", path.display());
    }
    None
}
