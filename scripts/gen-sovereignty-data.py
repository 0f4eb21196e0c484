#!/usr/bin/env python3
"""Generate crates/sovereignty/data/eu-csf.ron from the Commission's calculator, transcribed as JSON.

Usage: scripts/gen-sovereignty-data.py [CALCULATOR_JSON] [OUTPUT_RON]

The JSON is the transcription described in ../shared/reference/sovereignty/SOURCE.md (the default
input; it is not kept in this repository). The script takes only facts from it: objective and
factor ids, option numbers, points and SEAL levels, and the objectives' names. Every text the data
holds is jalon's own, written below:
- each factor's short name (FACTOR_NAMES) and one-sentence description, each objective's
  description, and each option's label (FACTORS, OBJECTIVE_DESCRIPTIONS); an option the calculator
  leaves unlabelled stays unlabelled;
- data notes (notes()) on the calculator's faults, in English and French;
- the two official weight sets, as presets.
The Commission's own descriptions and labels are imported by users who have the file
(`jalon sovereignty import`), never copied here.
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INPUT = ROOT.parent / "shared/reference/sovereignty/eu-csf-calculator-2026-06-01.json"
DEFAULT_OUTPUT = ROOT / "crates/sovereignty/data/eu-csf.ron"

FACTOR_NAMES = {
    "SOV-1.1": "EU/EEA legal entity control",
    "SOV-1.2": "Change of control risk",
    "SOV-1.3": "Control over roadmap",
    "SOV-1.4": "Financial independence from non-EU capital",
    "SOV-1.5": "EU economic contribution",
    "SOV-1.6": "Participation in EU strategic programs",
    "SOV-1.7": "Alignment with EU industrial strategies",
    "SOV-1.8": "Resilience to cut-off",
    "SOV-2.1": "Primary legal jurisdiction",
    "SOV-2.2": "Extraterritorial laws",
    "SOV-2.3": "Data access pathways",
    "SOV-2.4": "Export control restrictions",
    "SOV-2.5": "Origin of IP",
    "SOV-2.6": "IP holder jurisdiction",
    "SOV-3.1": "Customer control over encryption keys",
    "SOV-3.2": "Transparent data flows & access logs",
    "SOV-3.3": "Secure deletion & proof of erasure",
    "SOV-3.4": "Data location strictly in EU/EEA",
    "SOV-3.5": "AI services",
    "SOV-4.1": "Portability & interoperability",
    "SOV-4.2": "Ability to operate without foreign dependencies",
    "SOV-4.3": "Skill availability",
    "SOV-4.4": "Support channels",
    "SOV-4.5": "Documentation & knowledge transfer",
    "SOV-4.6": "Subcontractor & supplier jurisdiction",
    "SOV-5.1": "Origin of components: physical parts",
    "SOV-5.2": "Origin of components: manufacturing location",
    "SOV-5.3": "Origin of components: embedded code and firmware",
    "SOV-5.4": "Origin of software: design and development",
    "SOV-5.5": "Origin of software: build and release",
    "SOV-5.6": "Single point of dependency",
    "SOV-5.7": "Supply chain transparency",
    "SOV-6.1": "Interoperability & open interfaces",
    "SOV-6.2": "Open standards compliance",
    "SOV-6.3": "Open source availability",
    "SOV-6.4": "Service architecture transparency",
    "SOV-6.5": "HPC sovereignty",
    "SOV-7.1": "Security certification",
    "SOV-7.2": "EU regulatory compliance",
    "SOV-7.3": "EU-based SOC & incident handling",
    "SOV-7.4": "Control over security monitoring/logging",
    "SOV-7.5": "Disclosure of incidents",
    "SOV-7.6": "Maintenance autonomy",
    "SOV-7.7": "Auditability",
    "SOV-8.1": "Energy efficiency",
    "SOV-8.2": "Hardware reuse & recycling",
    "SOV-8.3": "Environmental impact reporting",
    "SOV-8.4": "Energy supplies",
}

# The project's own wording: objective descriptions, factor descriptions, option labels (None: the
# calculator gives that option no label either), and data notes on the source's faults.

OBJECTIVE_DESCRIPTIONS = {
    "SOV-1": "How firmly the provider's ownership, money and governance sit in the EU/EEA, and how far it follows the EU's strategic aims.",
    "SOV-2": "Which law governs the provider and its offer, how exposed it is to foreign legal claims, and whether EU rights can be enforced.",
    "SOV-3": "Who controls the customer's data and AI services: keys, logs, erasure, location, and the origin of models and chips.",
    "SOV-4": "Whether EU people can run, support and move the service without help from outside the EU.",
    "SOV-5": "Where the hardware, firmware and software come from, and how visible and auditable the suppliers are.",
    "SOV-6": "How open the technology is: interfaces, standards, source code, architecture, and high-performance computing.",
    "SOV-7": "Whether security operations, compliance and patching stay under EU control and can be checked.",
    "SOV-8": "The long-term environmental footing of the service: energy use, hardware lifecycle, reporting and energy sources.",
}

FACTORS = {
    "SOV-1.1": ("Where the final decision-making power over the provider sits.",
        ["All outside the EU", "Mainly outside the EU", "Mainly inside the EU", "All inside the EU"]),
    "SOV-1.2": ("How likely the provider is to be bought by, or pass to, an owner outside the EU.",
        ["Very probable", "Probable", "Possible", "Improbable", "Very improbable"]),
    "SOV-1.3": ("How much EU customers and partners can steer the provider's product plans.",
        ["None", "Public feedback only (forums, portals)", "EU members sit in the governance", "EU actors decide"]),
    "SOV-1.4": ("How much of the provider's funding comes from the EU rather than from outside it.",
        ["Nearly all from outside the EU", "Mostly from outside the EU", "About half from the EU", "Mostly from the EU", "All from the EU"]),
    "SOV-1.5": ("How much investment, employment and value the provider creates in the EU/EEA.",
        ["Very little", "A share", "About half in the EU", "Mostly in the EU", "All in the EU"]),
    "SOV-1.6": ("Whether the provider takes part in EU strategic programmes (IPCEI-CIS, Horizon Europe, Gaia-X…).",
        ["No visible part", None, "Takes an active part", None, "Such programmes rely on the provider"]),
    "SOV-1.7": ("Whether the provider's plans follow the EU's digital, green and industrial aims.",
        ["Nothing shown", "A plan exists", "Results measured, governance in place", "High goals backed by resources"]),
    "SOV-1.8": ("Whether the service keeps running if a vendor stops its support.",
        ["Stops at once", "Stops after a notice period", "Runs for a while under contract", "Can switch suppliers or bring work in-house", "Runs on its own, without limit"]),
    "SOV-2.1": ("Which country's law governs the provider's business and contracts.",
        ["Outside the EU only", "EU and outside the EU", "EU only"]),
    "SOV-2.2": ("How far laws from outside the EU that reach across borders apply to the provider.",
        ["Fully applicable", "Contract clauses limit them, exposure stays", "EU subsidiary with contract protection", "Legal set-up shields from them", "Shown not to apply"]),
    "SOV-2.3": ("Whether authorities outside the EU can force access to data or systems, and how.",
        ["Possible, customer not told", "Possible in some cases, customer not told", "Possible, customer always told", "Contested by the provider, sometimes granted, customer told", "Always refused by the provider"]),
    "SOV-2.4": ("Whether export-control regimes (ITAR, EAR…) can limit use or transfer of the offer.",
        ["Restrictions against an EU member state", "Restrictions against EU citizens or international bodies", "Over half of revenue earned in the EU", "Part of the offer immune to restrictions against member states", "Part immune to restrictions against member states and international bodies"]),
    "SOV-2.5": ("Where the intellectual property behind the offer is created and registered.",
        ["All outside the EU", "Mainly outside the EU", "Inside and outside the EU", "Mainly inside the EU", "All inside the EU"]),
    "SOV-2.6": ("Under which law the intellectual property is held and enforced.",
        ["One country outside the EU", "Several countries outside the EU", "Mixed, partly EU", "EU, with exceptions", "EU only"]),
    "SOV-3.1": ("Who holds and controls the keys that encrypt the customer's data.",
        ["The provider alone", "Mainly the provider", "Shared; the provider can override", "Mainly the customer; the provider can read some data", "The customer alone; the provider cannot read the data"]),
    "SOV-3.2": ("Whether the customer can see who reached its data, when, where and how, AI use included.",
        ["No access logs", "Partial logs (who, when or how missing)", "Logs, not live, held by the customer", "Full logs under customer control, not live", "Live customer view, auditable by a third party"]),
    "SOV-3.3": ("Whether data can be erased for good, with evidence that it was.",
        ["Neither guaranteed nor checkable", "Confirmed by hand only", "Checked against internal policy, no proof kept", "Checked technically, with access logs", "Always enforced and checked by a third party"]),
    "SOV-3.4": ("Whether data is stored and processed only in the EU/EEA, with no fallback elsewhere.",
        ["Location mostly unknown, third countries without control", "Partly in the EU, much outside", "Mainly in the EU, some outside with the usual safeguards", "In the EU by default, exceptions controlled", "Only in the EU, no fallback outside"]),
    "SOV-3.5": ("How far the AI models, data pipelines and chips are built and run under EU control.",
        ["Opaque AI or restricted chips, origin unknown", "Mostly foreign: licensed AI, foreign chips", "Mixed, with alternatives: open or auditable AI, foreign chips", "AI led from the EU, foreign accelerators", "Models and chips of EU origin"]),
    "SOV-4.1": ("How easily workloads and data can move to another solution under EU control.",
        ["No portability promised", "Portability on a best-effort basis", "Documented export methods", "Migration services offered", "Already runs on sovereign infrastructure"]),
    "SOV-4.2": ("Whether EU staff can run and maintain the technology without vendors from outside the EU.",
        ["Critical operations run from outside the EU", "Some operations sourced in the EU", "Operations split between EU and non-EU", "Operations mostly run from the EU", "The whole stack run by an EU team"]),
    "SOV-4.3": ("Whether people with the right skills to run the service are available in the EU.",
        ["Worldwide team, mostly outside the EU", "Mixed, mostly outside the EU", "Mostly EU, escalation outside", "EU staff only", "EU staff only, with clearances"]),
    "SOV-4.4": ("Whether support is given from the EU and under EU/EEA law only.",
        ["Worldwide support, mostly outside the EU", "Mixed support, mostly outside the EU", "Mostly EU support, escalation outside", "All support staff in the EU", "All support staff in the EU, with clearances"]),
    "SOV-4.5": ("Where documentation and know-how are kept, and who can reach them.",
        ["Kept outside the EU, open to foreign law", "EU storage offered, not required", "EU by default, copies or access outside possible", "Main repositories in the EU only", "Everything in the EU, access by EU staff only"]),
    "SOV-4.6": ("Where critical suppliers and subcontractors are, and which law controls them.",
        ["Service stops at once", "Service stops after a notice period", "Service runs for a while under contract", "Suppliers can be replaced or work brought in-house", "Service runs on its own, without limit"]),
    "SOV-5.1": ("Where the main physical parts of the hardware come from.",
        ["Not disclosed", "Partly disclosed", "Disclosed, with exceptions", "Fully disclosed", "Origin certified in the EU"]),
    "SOV-5.2": ("Where the hardware is made or put together.",
        ["Foreign and opaque", "Foreign, partly disclosed", "Mixed sources, EU may audit", "Built by EU teams from foreign designs", "Designed and built by EU teams only"]),
    "SOV-5.3": ("Where the firmware and embedded code that drive the hardware come from, and under which law.",
        ["Not disclosed", "Partly disclosed", "Disclosed, with exceptions", "Fully disclosed", "Origin certified in the EU"]),
    "SOV-5.4": ("Where, and by whom, the software is designed and written.",
        ["Foreign and opaque", "Foreign, development partly disclosed", "Core parts designed and kept by EU teams", "Most of it designed and kept by EU teams", "All of it designed and kept by EU teams"]),
    "SOV-5.5": ("Where software is built, released and updated, and under which law.",
        ["Run and controlled outside the EU", "Run outside the EU, controlled from the EU", "Run in the EU, controlled from outside", "Run and controlled in the EU", "Run and controlled in the EU, with EU security gates"]),
    "SOV-5.6": ("How much the service depends on vendors, sites or technologies from outside the EU.",
        ["Only non-EU vendors or sites", "Mostly non-EU for critical services, undocumented", "Few non-EU for critical services, or documented", "Few non-EU, non-critical only, documented", "None from outside the EU"]),
    "SOV-5.7": ("How far the customer can see, and audit, suppliers and their own suppliers.",
        ["No supplier auditable", "Some suppliers auditable", "Critical suppliers auditable", "Most suppliers auditable", "Every supplier auditable"]),
    "SOV-6.1": ("Whether the service connects to others through open, documented interfaces.",
        ["Closed interfaces owned by the vendor", "Limited vendor APIs", "Partly open: some key functions proprietary", "Mostly open standards, versioned and documented", "Open by default, all critical functions"]),
    "SOV-6.2": ("How far the service follows open, publicly governed standards.",
        ["Core services proprietary", "Open standards here and there, no policy", "Open standards for some core services", "A policy covers most core services", "A policy covers every core service"]),
    "SOV-6.3": ("Whether the software is open source, with rights to audit, change and pass it on.",
        ["Closed, no audit or change rights", "Code readable, change and handover tightly limited", "Open source, governed by one company", "Open source with large EU input, handover possible", "Open source governed by an independent or EU body"]),
    "SOV-6.4": ("How much the customer can see of the service's design, data flows and dependencies.",
        ["Nothing shown", "Shown during audits", "Some public information", "Much public information", "Customers can help shape the service"]),
    "SOV-6.5": ("How independent the high-performance computing is: processors, accelerators, software.",
        ["Imported, opaque machines", "Hosted in the EU, foreign stack", "Designed or integrated in the EU", "EU processor designs, made outside the EU", "Designed, made and run in the EU"]),
    "SOV-7.1": ("The security certification level reached (Common Criteria EAL scale).",
        ["EAL0", "EAL1", "EAL2", "EAL3", "EAL4 or EAL5"]),
    "SOV-7.2": ("Whether compliance with EU rules (GDPR, NIS2, DORA…) can be shown.",
        ["None shown", "Some, informal or incomplete", "Some, with gaps", "Most rules met, minor exceptions", "All met, audited by a third party"]),
    "SOV-7.3": ("Whether security monitoring and incident response run under EU law only.",
        ["Outside the EU", "Split between the EU and outside", "In the EU, escalation outside possible", "Wholly in the EU, mostly EU threat sources", "Wholly in the EU, in ENISA sharing, worldwide threat sources"]),
    "SOV-7.4": ("Whether the customer, or an EU authority, can watch logs and alerts directly.",
        ["The provider keeps everything", "Periodic reports to customers", "A basic monitoring portal", "Full direct access, logs kept in the EU", "Full access to tamper-proof logs kept only in the EU"]),
    "SOV-7.5": ("How openly and quickly breaches and flaws are reported under EU rules.",
        ["No process, no CSIRT cooperation", "Reactive, no set deadlines", "GDPR/NIS2 procedures, deadlines met", "Monitored process, ready for EU investigations", "Live sharing with EU CSIRTs, audited"]),
    "SOV-7.6": ("Whether security patches can be made, tested and applied without vendors from outside the EU.",
        ["No say over patching", "Vendor's schedule, some testing", "Notice given, testing possible but not for zero-days", "Customer patches alone, without its checks", "Customer patches alone, with its checks"]),
    "SOV-7.7": ("Whether EU bodies can audit security and compliance with full access.",
        ["Only the vendor has access", "Third parties see what the vendor gives", "Third parties partly check the vendor's data", "Third parties can ask the vendor for data", "Any third party can audit fully"]),
    "SOV-8.1": ("How energy-efficient the infrastructure is, and whether it has targets (PUE).",
        ["Any PUE", "PUE below 3", "PUE below 1.5, with a plan", "PUE below 1.3", "PUE below 1.2, checked in the EU"]),
    "SOV-8.2": ("How hardware is reused, refurbished and disposed of.",
        ["No policy", "Aligned with EU circular economy (lower)", "Written programme", "Aligned with EU circular economy (higher)", "Lifecycle certified in the EU"]),
    "SOV-8.3": ("How the service measures and publishes carbon, water and other environmental figures.",
        ["None", "EU method, in detail (lower)", "Yearly report", "EU method, in detail (higher)", "Audited in the EU"]),
    "SOV-8.4": ("Where the energy comes from, and whether it is renewable or low-carbon.",
        ["Not traceable", "EU energy only (lower)", "EU and non-EU energy", "EU energy only (higher)", "Green EU energy only"]),
}

def note(en, fr):
    return (en, fr)

SAME_LABEL = note(
    "In the Commission's calculator, options 2 and 4 of this factor bear the same label with different points{seals}: choose by number, not by label.",
    "Dans le calculateur de la Commission, les options 2 et 4 de ce facteur portent le même libellé avec des points différents{seals_fr} : choisissez par numéro, non par libellé.",
)

def same_label(seal2, seal4):
    if seal2 == seal4:
        return (SAME_LABEL[0].format(seals=f" (both SEAL-{seal2})"), SAME_LABEL[1].format(seals_fr=f" (SEAL-{seal2} toutes deux)"))
    return (SAME_LABEL[0].format(seals=f" and SEALs (SEAL-{seal2} and SEAL-{seal4})"), SAME_LABEL[1].format(seals_fr=f" et des SEAL différents (SEAL-{seal2} et SEAL-{seal4})"))

NO_LABEL = note(
    "The Commission's calculator gives this option points and a SEAL but no label: it lies between options {a} and {b}.",
    "Le calculateur de la Commission donne à cette option des points et un SEAL, mais aucun libellé : elle se situe entre les options {a} et {b}.",
)

def typo(official, meant):
    return note(
        f"The Commission's calculator misspells this label (“{official}” for “{meant}”).",
        f"Le calculateur de la Commission écrit ce libellé avec une faute (« {official} » pour « {meant} »).",
    )

# (factor id, option number or None for the factor) -> notes
def notes(seal_of):
    n = {}
    for fid in ["SOV-8.2", "SOV-8.3", "SOV-8.4"]:
        for opt in (2, 4):
            n[(fid, opt)] = [same_label(seal_of(fid, 2), seal_of(fid, 4))]
    n[("SOV-1.6", 2)] = [(NO_LABEL[0].format(a=1, b=3), NO_LABEL[1].format(a=1, b=3))]
    n[("SOV-1.6", 4)] = [(NO_LABEL[0].format(a=3, b=5), NO_LABEL[1].format(a=3, b=5))]
    for opt, level in [(1, 0), (2, 1), (4, 3)]:
        n[("SOV-7.1", opt)] = [typo(f"ELA{level}", f"EAL{level}")]
    n[("SOV-5.6", 5)] = [typo("depedency", "dependency")]
    n[("SOV-7.7", 5)] = [typo("idependent", "independent")]
    n[("SOV-6.5", None)] = [note(
        "The Commission's calculator misspells this factor's description (“Soveriegnty” for “Sovereignty”).",
        "Le calculateur de la Commission écrit la description de ce facteur avec une faute (« Soveriegnty » pour « Sovereignty »).",
    )]
    n[("SOV-4.6", None)] = [note(
        "In the Commission's calculator, this factor's options repeat those of SOV-1.8 (continuity after a cut-off), not the suppliers' jurisdiction its description asks about; jalon words them the same way.",
        "Dans le calculateur de la Commission, les options de ce facteur reprennent celles de SOV-1.8 (continuité après une coupure), et non la juridiction des fournisseurs qu'annonce sa description ; jalon les formule de la même façon.",
    )]
    return n

WEIGHTS = [
    (
        "calculator-2026",
        "Calculator column D and the implementation guidance matrix (2026-06-01).",
        [20, 10, 10, 15, 10, 15, 15, 5],
    ),
    (
        "framework-1.2.1",
        "Framework v1.2.1 (October 2025), section 5.",
        [15, 10, 10, 15, 20, 15, 10, 5],
    ),
]

HEADER = """\
// EU Cloud Sovereignty Framework: objectives, factors, options, points and SEAL levels.
//
// Facts from: European Commission, "Annex - Sovereignty assessment calculator" (XLSX, published
// 2026-06-01 with the Cloud Sovereignty Framework Implementation guidance; framework v1.2.1,
// October 2025):
//   https://commission.europa.eu/document/download/3acb8fe8-8a4a-4339-ae74-f56138d913d1_en?filename=Annex+-+Sovereignty+assessment+calculator.xlsx
// as transcribed to JSON by tractorjuice/arckit-vibe (data/csf-criteria-calculator-2026-06-01.json
// @ cbca9d0aef84c429c16e4b0aba3f1e88949981d5), values and SEAL levels cross-checked against an
// independent extraction (0 mismatches).
//
// Licence: the facts (ids, option numbers, points, SEAL levels, objective names, weights) are
// (c) European Union. Source: European Commission, "Annex - Sovereignty assessment calculator".
// Reused under Commission Decision 2011/833/EU, i.e. CC BY 4.0
// (https://creativecommons.org/licenses/by/4.0/). No endorsement by the European Commission is implied.
// Changes: converted to RON; the Commission's descriptions and option labels are not reproduced:
// every description, label, factor name and note here is jalon's own wording (an option the
// calculator leaves unlabelled stays unlabelled); data notes on the calculator's faults and
// weight presets added. Points and SEAL levels are unchanged. Five blank rows of the workbook are
// dropped (SOV-1.1, SOV-1.3 and SOV-1.7 have 4 options, SOV-2.1 has 3). The official texts are
// imported with `jalon sovereignty import CALCULATOR_JSON`.
//
// Generated by scripts/gen-sovereignty-data.py from the calculator JSON (facts) and the wording
// written in that script; edit the script, not this file.
"""


def ron_str(s):
    return json.dumps(s, ensure_ascii=False)


def ron_num(v):
    if isinstance(v, int) or float(v).is_integer():
        return str(int(v))
    return repr(float(v))


def ron_notes(items):
    return "[" + ", ".join(f"(en: {ron_str(en)}, fr: {ron_str(fr)})" for en, fr in items) + "]"


def main():
    src = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_INPUT
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else DEFAULT_OUTPUT
    data = json.loads(src.read_text(encoding="utf-8"))
    objectives = data["objectives"]
    seals = {
        (f"{o['code']}.{c['n']}", i): a["seal"]
        for o in objectives
        for c in o["criteria"]
        for i, a in enumerate(c["answers"], start=1)
    }
    data_notes = notes(lambda fid, n: seals[(fid, n)])
    used = set()
    lines = [HEADER + "(", "    format: 1,"]
    lines.append('    name: "EU Cloud Sovereignty Framework",')
    lines.append('    version: "1.2.1",')
    lines.append('    calculator: "2026-06-01",')
    lines.append('    default_weights: "calculator-2026",')
    lines.append("    weights: [")
    for name, source, values in WEIGHTS:
        pairs = ", ".join(f'"{o["code"]}": {w}' for o, w in zip(objectives, values))
        lines.append(f"        (name: {ron_str(name)}, source: {ron_str(source)}, values: {{{pairs}}}),")
    lines.append("    ],")
    lines.append("    objectives: [")
    for o in objectives:
        lines.append("        (")
        lines.append(f"            id: {ron_str(o['code'])},")
        lines.append(f"            name: {ron_str(o['name'])},")
        lines.append(f"            description: {ron_str(OBJECTIVE_DESCRIPTIONS[o['code']])},")
        lines.append("            factors: [")
        for c in o["criteria"]:
            fid = f"{o['code']}.{c['n']}"
            description, labels = FACTORS[fid]
            if len(labels) != len(c["answers"]):
                raise SystemExit(f"{fid}: {len(labels)} labels written, {len(c['answers'])} options in {src}")
            lines.append("                (")
            lines.append(f"                    id: {ron_str(fid)},")
            lines.append(f"                    name: {ron_str(FACTOR_NAMES[fid])},")
            lines.append(f"                    description: {ron_str(description)},")
            lines.append("                    options: [")
            for i, (a, label) in enumerate(zip(c["answers"], labels), start=1):
                if (a["label"] is None) != (label is None):
                    raise SystemExit(f"{fid} option {i}: labelled in one of the calculator and jalon only")
                label_ron = "None" if label is None else f"Some({ron_str(label)})"
                extra = ""
                if (fid, i) in data_notes:
                    used.add((fid, i))
                    extra = f", notes: {ron_notes(data_notes[(fid, i)])}"
                lines.append(
                    f"                        (number: {i}, label: {label_ron}, "
                    f"points: {ron_num(a['value'])}, seal: {a['seal']}{extra}),"
                )
            lines.append("                    ],")
            if (fid, None) in data_notes:
                used.add((fid, None))
                lines.append(f"                    notes: {ron_notes(data_notes[(fid, None)])},")
            lines.append("                ),")
        lines.append("            ],")
        lines.append("        ),")
    lines.append("    ],")
    lines.append(")")
    unused = set(data_notes) - used
    if unused:
        raise SystemExit(f"notes on unknown factors or options: {sorted(unused, key=str)}")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
