//! Each command's examples: shown under "Examples:" in its long help (`--help`, not `-h`) and
//! in the EXAMPLES section of its manual page (`jalon man --dir`). Data, in one table: a command
//! path (`finding add`) and its lines, `$ ` before a command, `# ` before a comment.

/// The examples of a command, by its path below `jalon` (`""` for `jalon` itself).
pub fn of(path: &str) -> Option<&'static str> {
    EXAMPLES.iter().find(|(p, _)| *p == path).map(|(_, e)| *e)
}

/// The command tree with every command's examples in its long help.
pub fn add(cmd: clap::Command) -> clap::Command {
    add_at(cmd, "")
}

fn add_at(mut cmd: clap::Command, path: &str) -> clap::Command {
    if let Some(text) = of(path) {
        cmd = cmd.after_long_help(format!("Examples:\n{}", indent(text)));
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .collect();
    for name in names {
        let sub = if path.is_empty() {
            name.clone()
        } else {
            format!("{path} {name}")
        };
        cmd = cmd.mut_subcommand(&name, |c| add_at(c, &sub));
    }
    cmd
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("  {l}\n")).collect::<String>()
}

#[rustfmt::skip]
const EXAMPLES: &[(&str, &str)] = &[
    ("", "$ jalon demo                                  # an example workspace in ./jalon-demo\n$ jalon -C jalon-demo status\n$ jalon init my-service --provider \"Example Cloud\" --service \"Example Compute\" --kind iaas"),
    ("init", "$ jalon init my-service --provider \"Example Cloud\" --service \"Example Compute\" --kind iaas --kind caas\n$ jalon init --provider \"Example Cloud\" --service \"Health Hosting\" --kind saas --workflow hds\n$ jalon init signed --provider \"Example Cloud\" --service \"Example Compute\" --kind iaas --signatures required --public-key ~/.ssh/id_ed25519.pub --key ~/.ssh/id_ed25519"),
    ("demo", "$ jalon demo                                  # writes ./jalon-demo\n$ jalon demo /tmp/demo --today 2026-11-23"),
    ("status", "$ jalon status\n$ jalon status --at 2025-07-08                # as it stood on that day\n$ jalon status --format json"),
    ("journey", "$ jalon journey                               # the timeline of recorded events\n$ jalon journey --at 2025-01-01"),
    ("journey record", "$ jalon journey record request-submitted --date 2024-09-02\n$ jalon journey record j0-accepted --on-behalf-of anssi --reference \"ANSSI letter 2024-1216\"\n$ jalon journey record qualified --reserves \"F-0003 closed by 2025-12-31\""),
    ("journey next", "$ jalon journey next                          # what can be recorded now, and what blocks it"),
    ("journey graph", "$ jalon journey graph --to mermaid\n$ jalon journey graph --to dot | dot -Tsvg > workflow.svg"),
    ("cycle", "$ jalon cycle list\n$ jalon cycle compare surveillance-2025 surveillance-2026"),
    ("cycle list", "$ jalon cycle list\n$ jalon cycle list --format json"),
    ("cycle show", "$ jalon cycle show                            # the current cycle\n$ jalon cycle show initial"),
    ("cycle compare", "$ jalon cycle compare surveillance-2025 surveillance-2026"),
    ("grid", "$ jalon grid --open                           # what still needs work\n$ jalon grid --chapter 12\n$ jalon grid --cycle initial --at 2024-06-10\n$ jalon grid --referential anssi-hygiene"),
    ("assess", "$ jalon assess 12.3.a --check c2 --verdict nonconform --evidence E-0005\n$ jalon assess 14.7.a --verdict not-applicable --justification \"no pre-production environment\"\n$ jalon assess 11.3.a --verdict inherited --from iaas\n$ jalon assess --batch verdicts.csv"),
    ("finding", "$ jalon finding add --requirement 12.3.a --severity major --title \"Shared hypervisors\"\n$ jalon finding list --status open"),
    ("finding add", "$ jalon finding add --requirement 12.3.a --check c2 --severity major --title \"Shared hypervisors\" --evidence E-0005"),
    ("finding list", "$ jalon finding list --status open --severity major\n$ jalon finding list --all --format json"),
    ("finding show", "$ jalon finding show F-0002"),
    ("finding plan", "$ jalon finding plan F-0002 --action \"Separate the clusters\" --owner \"Head of infrastructure\" --due 2027-01-29"),
    ("finding remediate", "$ jalon finding remediate F-0002 --evidence E-0007 --note \"clusters separated\""),
    ("finding close", "$ jalon finding close F-0002 --note \"separation verified on site\""),
    ("finding withdraw", "$ jalon finding withdraw F-0004 --note \"the log was complete after all\""),
    ("evidence", "$ jalon evidence add pssi-v3.pdf --title \"PSSI v3\" --copy\n$ jalon evidence verify"),
    ("evidence add", "$ jalon evidence add pssi-v3.pdf --title \"PSSI v3\" --copy\n$ jalon evidence add /srv/share/audit-log.tar --title \"Audit log\" --kind log"),
    ("evidence list", "$ jalon evidence list\n$ jalon evidence list --format json"),
    ("evidence verify", "$ jalon evidence verify                       # re-hash what changed since\n$ jalon evidence verify --full"),
    ("export", "$ jalon export form --to xlsx -o formulaire.xlsx\n$ jalon export oscal --model assessment-results -o ar.json"),
    ("export form", "$ jalon export form --to xlsx -o formulaire.xlsx\n$ jalon export form --to csv --dialect excel-fr -o formulaire.csv\n$ jalon export form --to csv --referential anssi-hygiene -o hygiene.csv"),
    ("export oscal", "$ jalon export oscal --model assessment-plan -o ap.json\n$ jalon export oscal --model assessment-results --cycle initial -o ar.json\n$ jalon export oscal --model poam --oscal-version 1.1.2 -o poam.json"),
    ("export ciso-assistant", "$ jalon export ciso-assistant -o audit.xlsx\n$ jalon export ciso-assistant --cycle initial -o audit.csv"),
    ("import", "$ jalon import form formulaire.xlsx           # what it would record\n$ jalon import form formulaire.xlsx --apply"),
    ("import form", "$ jalon import form formulaire.xlsx\n$ jalon import form formulaire.xlsx --apply\n$ jalon import form hygiene.csv --referential anssi-hygiene --apply"),
    ("base", "$ jalon base add ../iaas\n$ jalon base list"),
    ("base add", "$ jalon base add ../iaas --id iaas\n$ jalon base add outscale-iaas --registry examples/registry.ron"),
    ("base list", "$ jalon base list\n$ jalon base list --at 2027-01-16 --format json"),
    ("team", "$ jalon team add lead@cesti.example --role lead-evaluator\n$ jalon team list"),
    ("team add", "$ jalon team add officer@provider.example --role provider\n$ jalon team add lead@cesti.example --role lead-evaluator --public-key lead.pub --key ~/.ssh/id_ed25519"),
    ("team remove", "$ jalon team remove eval@cesti.example"),
    ("team key", "$ jalon team key lead@cesti.example --public-key new_lead.pub --key ~/.ssh/id_ed25519"),
    ("team signatures", "$ jalon team signatures required --key ~/.ssh/id_ed25519\n$ jalon team signatures optional --key ~/.ssh/id_ed25519"),
    ("team allowed-signers", "$ jalon team allowed-signers > allowed_signers\n$ jalon team allowed-signers --at 2026-01-01"),
    ("team list", "$ jalon team list\n$ jalon team list --at 2025-01-01"),
    ("service", "$ jalon service show\n$ jalon service centre \"CESTI Example\""),
    ("service show", "$ jalon service show --at 2025-01-01"),
    ("service centre", "$ jalon service centre \"CESTI Example\""),
    ("service kinds", "$ jalon service kinds iaas caas --note \"CaaS added to the scope\""),
    ("service referential", "$ jalon service referential secnumcloud-3.3   # when the next cycle opens"),
    ("verify", "$ jalon verify\n$ jalon verify --format json"),
    ("history", "$ jalon history list\n$ jalon history retract 20260107T091500.000Z-8f2513eb7a8b3433.ron --note \"duplicate after a merge\""),
    ("history list", "$ jalon history list\n$ jalon history list --at 2025-06-30 --format json\n$ jalon history list --signatures"),
    ("history retract", "$ jalon history retract 20260107T091500.000Z-8f2513eb7a8b3433.ron --note \"duplicate after a merge\""),
    ("calendar", "$ jalon calendar\n$ jalon calendar --ics deadlines.ics --lang fr"),
    ("portfolio", "$ jalon portfolio iaas saas                   # one row per service\n$ jalon portfolio                             # the workspaces ./portfolio.ron lists\n$ jalon portfolio --at 2026-01-01 --format json\n$ jalon portfolio --ics all-deadlines.ics\n$ jalon portfolio iaas saas --site portfolio-site"),
    ("plan", "$ jalon plan generate --start 2026-04-13\n$ jalon plan submit"),
    ("plan generate", "$ jalon plan generate --start 2026-04-13\n$ jalon plan generate --only 12 --only 17.3.a   # a surveillance audit's scope\n$ jalon plan generate --referential anssi-hygiene"),
    ("plan assign", "$ jalon plan assign 12 --evaluator eval@cesti.example --phase onsite --date 2026-05-26"),
    ("plan show", "$ jalon plan show\n$ jalon plan show --format json"),
    ("plan submit", "$ jalon plan submit"),
    ("plan validate", "$ jalon plan validate --on-behalf-of anssi --reference \"ANSSI e-mail 2026-03-02\""),
    ("plan request-changes", "$ jalon plan request-changes --on-behalf-of anssi --reference \"ANSSI letter\" --note \"add chapter 19\""),
    ("report", "$ jalon report summary -o synthese.md\n$ jalon report plan --to html -o plan.html"),
    ("report plan", "$ jalon report plan -o plan.md\n$ jalon report plan --to pdf -o plan.pdf"),
    ("report summary", "$ jalon report summary -o synthese.md\n$ jalon report summary --to html --lang en -o summary.html\n$ jalon report summary --cycle initial --at 2024-06-10 --to pdf -o j3.pdf"),
    ("report conclude", "$ jalon report conclude --opinion favourable-with-reserves --justification \"two minor non-conformities\""),
    ("report risk", "$ jalon report risk \"Key ceremony depends on one person\""),
    ("report recommend", "$ jalon report recommend \"Automate the restore tests\""),
    ("report comment", "$ jalon report comment --part technical \"The hypervisor hardening is exemplary.\""),
    ("report identify", "$ jalon report identify --reference CESTI-2026-014 --report-version 1.0"),
    ("site", "$ jalon site -o site                          # then open site/index.html in a browser\n$ jalon site -o site --lang en\n$ jalon site -o site-initial --cycle initial --at 2024-06-10"),
    ("referential", "$ jalon referential list\n$ jalon referential show 19.6.a"),
    ("referential list", "$ jalon referential list"),
    ("referential show", "$ jalon referential show 19.6.a --lang fr\n$ jalon referential show 2.R --referential anssi-hygiene"),
    ("referential import", "$ jalon referential import --from ciso-assistant secnumcloud-3.2.yaml\n$ jalon referential import --from ciso-assistant mapping-secnumcloud-3.2-to-iso27001-2022.yaml\n$ jalon referential import --from ciso-assistant next.yaml --id secnumcloud-3.3 --version 3.3"),
    ("referential diff", "$ jalon referential diff secnumcloud-3.2 secnumcloud-3.3"),
    ("referential add", "$ jalon referential add anssi-hygiene --level reinforced"),
    ("map", "$ jalon map --to iso27001-2022\n$ jalon map --to iso27001-2022 --cycle initial --format json"),
    ("sovereignty", "$ jalon sovereignty score examples/sovereignty/scalingo.ron\n$ jalon sovereignty rank examples/sovereignty/*.ron"),
    ("sovereignty score", "$ jalon sovereignty score examples/sovereignty/scalingo.ron --format json"),
    ("sovereignty card", "$ jalon sovereignty card examples/sovereignty/scalingo.ron --to html -o scalingo.html"),
    ("sovereignty rank", "$ jalon sovereignty rank examples/sovereignty/*.ron"),
    ("sovereignty new", "$ jalon sovereignty new --provider \"Example Cloud\" > example.ron"),
    ("sovereignty factors", "$ jalon sovereignty factors\n$ jalon sovereignty factors SOV-3.2"),
    ("sovereignty import", "$ jalon sovereignty import eu-csf-calculator.json"),
    ("completions", "$ source <(jalon completions bash)                  # ids of the workspace too\n$ jalon completions fish > ~/.config/fish/completions/jalon.fish"),
    ("man", "$ jalon man | man -l -\n$ jalon man --dir /usr/local/share/man/man1"),
];

#[cfg(test)]
mod tests {
    use super::EXAMPLES;

    /// The words of an example's command: up to a comment, a pipe or a redirection; `"…"`
    /// quoting as a shell does.
    fn words(line: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut word = String::new();
        let (mut quoted, mut any) = (false, false);
        for c in line.chars() {
            match c {
                '"' => {
                    quoted = !quoted;
                    any = true;
                }
                ' ' if !quoted => {
                    if any {
                        out.push(std::mem::take(&mut word));
                        any = false;
                    }
                }
                _ => {
                    word.push(c);
                    any = true;
                }
            }
        }
        if any {
            out.push(word);
        }
        let end = out
            .iter()
            .position(|w| matches!(w.as_str(), "#" | "|" | ">" | "<"))
            .unwrap_or(out.len());
        out.truncate(end);
        out
    }

    /// Every example is a command line jalon accepts.
    #[test]
    fn every_example_parses() {
        for (path, text) in EXAMPLES {
            for line in text.lines() {
                let Some(cmd) = line.strip_prefix("$ ") else {
                    panic!("`{path}`: an example line starts with `$ `: {line}");
                };
                let cmd = cmd.replace("<(", "").replace(')', "");
                let cmd = cmd
                    .trim_start_matches("source ")
                    .trim_start_matches("jalon");
                let args = words(&format!("jalon{cmd}"));
                if let Err(e) = crate::cli::command().try_get_matches_from(&args) {
                    panic!("`{path}`: `{line}` does not parse: {e}");
                }
            }
        }
    }

    /// Every command and subcommand has examples, and every example names a command.
    #[test]
    fn every_command_has_examples() {
        fn walk(cmd: &clap::Command, path: &str, seen: &mut Vec<String>) {
            if cmd.get_name() != "help" {
                seen.push(path.to_owned());
            }
            for sub in cmd.get_subcommands().filter(|c| c.get_name() != "help") {
                let p = if path.is_empty() {
                    sub.get_name().to_owned()
                } else {
                    format!("{path} {}", sub.get_name())
                };
                walk(sub, &p, seen);
            }
        }
        let mut paths = Vec::new();
        walk(&crate::cli::command(), "", &mut paths);
        let missing: Vec<&String> = paths.iter().filter(|p| super::of(p).is_none()).collect();
        assert!(missing.is_empty(), "no examples for {missing:?}");
        for (path, _) in EXAMPLES {
            assert!(paths.iter().any(|p| p == path), "`{path}` is no command");
        }
    }
}
