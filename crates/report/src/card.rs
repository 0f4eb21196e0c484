//! A provider's sovereignty card: headline figures, one line per objective, then one table per
//! objective with every factor's answer, points, SEAL, confidence and justification.
//!
//! The layout follows the published provider cards. Headings and labels are in the chosen
//! [`Lang`]; the framework's names (objectives, factors, options) stay as in its data.

use askama::Template;
use sovereignty::{Card, Confidence, Framework, Method, Score, Seal};

use crate::lang::{Format, Lang};

/// Renders a card and its score.
///
/// `score` must be the score of `card` against `framework` (any method or weights).
pub fn render(
    framework: &Framework,
    card: &Card,
    score: &Score,
    lang: Lang,
    format: Format,
) -> String {
    let view = CardView::new(framework, card, score, lang, format);
    let rendered = match format {
        Format::Markdown => MarkdownCard { v: &view }.render(),
        Format::Html => HtmlCard { v: &view }.render(),
    };
    // The templates only format strings; writing into a String cannot fail.
    rendered.expect("card templates render")
}

#[derive(Template)]
#[template(path = "card.md", escape = "none")]
struct MarkdownCard<'a> {
    v: &'a CardView,
}

#[derive(Template)]
#[template(path = "card.html")]
struct HtmlCard<'a> {
    v: &'a CardView,
}

/// Every text of the page, in one language.
struct Labels {
    title: &'static str,
    score: &'static str,
    unweighted: &'static str,
    overall_seal: &'static str,
    objective: &'static str,
    weight: &'static str,
    id: &'static str,
    factor: &'static str,
    value: &'static str,
    points: &'static str,
    seal: &'static str,
    confidence: &'static str,
    justification: &'static str,
    sources: &'static str,
    not_answered: &'static str,
    incomplete: &'static str,
    unanswered: &'static str,
    method: &'static str,
    method_card: &'static str,
    method_calculator: &'static str,
    weights: &'static str,
    framework: &'static str,
    calculator: &'static str,
    /// Before a data note: "Note, SOV-8.2 option 2:".
    note: &'static str,
    option: &'static str,
    /// Whose texts the framework's names and labels are.
    texts: &'static str,
    texts_own: &'static str,
    texts_official: &'static str,
    /// ":" in English, " :" in French.
    colon: &'static str,
}

const EN: Labels = Labels {
    title: "Cloud Sovereignty Framework — Provider card",
    score: "Sovereignty score",
    unweighted: "Global (unweighted)",
    overall_seal: "Overall SEAL",
    objective: "Objective",
    weight: "weight",
    id: "ID",
    factor: "Factor",
    value: "Value",
    points: "Score",
    seal: "SEAL",
    confidence: "Conf.",
    justification: "Justification",
    sources: "sources",
    not_answered: "not answered",
    incomplete: "Incomplete card",
    unanswered: "Unanswered factors",
    method: "Method",
    method_card: "card (the published cards' rule)",
    method_calculator: "calculator (the Commission calculator's points)",
    weights: "Weights",
    framework: "Framework",
    calculator: "calculator of",
    note: "Note",
    option: "option",
    texts: "Texts",
    texts_own: "jalon's own wording",
    texts_official: "the Commission's, imported",
    colon: ":",
};

const FR: Labels = Labels {
    title: "Cadre de souveraineté du cloud — Fiche fournisseur",
    score: "Score de souveraineté",
    unweighted: "Global (non pondéré)",
    overall_seal: "SEAL global",
    objective: "Objectif",
    weight: "poids",
    id: "ID",
    factor: "Facteur",
    value: "Valeur",
    points: "Points",
    seal: "SEAL",
    confidence: "Conf.",
    justification: "Justification",
    sources: "sources",
    not_answered: "non renseigné",
    incomplete: "Fiche incomplète",
    unanswered: "Facteurs non renseignés",
    method: "Méthode",
    method_card: "fiche (la règle des fiches publiées)",
    method_calculator: "calculateur (les points du calculateur de la Commission)",
    weights: "Pondération",
    framework: "Référentiel",
    calculator: "calculateur du",
    note: "Note",
    option: "option",
    texts: "Textes",
    texts_own: "formulation propre à jalon",
    texts_official: "ceux de la Commission, importés",
    colon: "\u{a0}:",
};

fn labels(lang: Lang) -> &'static Labels {
    match lang {
        Lang::En => &EN,
        Lang::Fr => &FR,
    }
}

fn seal_name(seal: Seal, lang: Lang) -> &'static str {
    match lang {
        Lang::En => seal.name(),
        Lang::Fr => match seal.level() {
            0 => "Aucune souveraineté",
            1 => "Souveraineté juridictionnelle",
            2 => "Souveraineté des données",
            3 => "Résilience numérique",
            _ => "Souveraineté numérique complète",
        },
    }
}

fn confidence(c: Confidence, lang: Lang) -> &'static str {
    match (lang, c) {
        (Lang::En, _) => c.as_str(),
        (Lang::Fr, Confidence::Low) => "faible",
        (Lang::Fr, Confidence::Medium) => "moyenne",
        (Lang::Fr, Confidence::High) => "élevée",
    }
}

const DASH: &str = "—";

/// The page's content, every value already a display string.
struct CardView {
    lang: &'static str,
    t: &'static Labels,
    provider: String,
    /// "France · PaaS · https://…".
    subtitle: String,
    score: String,
    unweighted: String,
    seal: String,
    /// "11 of 48 factors are not answered…", when incomplete.
    incomplete: Option<String>,
    gaps: Vec<GapView>,
    objectives: Vec<ObjectiveView>,
    method: String,
    weights: String,
    framework: String,
}

struct GapView {
    id: String,
    name: String,
}

struct ObjectiveView {
    id: String,
    name: String,
    percent: String,
    seal: String,
    seal_class: String,
    weight: String,
    rows: Vec<RowView>,
    /// The data notes of the options chosen in this objective.
    notes: Vec<NoteView>,
}

/// A data note on a chosen option, in the card's language.
struct NoteView {
    id: String,
    number: u8,
    text: String,
}

struct RowView {
    id: String,
    factor: String,
    answered: bool,
    value: String,
    points: String,
    seal: String,
    seal_class: String,
    confidence: String,
    justification: String,
    sources: Vec<Source>,
}

struct Source {
    text: String,
    /// Only http(s) addresses become links.
    link: bool,
}

impl CardView {
    fn new(
        framework: &Framework,
        card: &Card,
        score: &Score,
        lang: Lang,
        format: Format,
    ) -> CardView {
        let t = labels(lang);
        // Markdown table cells cannot hold a `|` or a line break; HTML needs nothing here
        // (askama escapes it).
        let text = |s: &str| match format {
            Format::Markdown => s.replace('|', "\\|").replace(['\r', '\n'], " "),
            Format::Html => s.to_owned(),
        };
        let percent = |p: Option<f64>| p.map_or_else(|| DASH.to_owned(), |p| lang.percent(p));
        let seal_short = |s: Option<Seal>| s.map_or_else(|| DASH.to_owned(), |s| s.to_string());

        let header = &card.header;
        let subtitle = [&header.country, &header.service, &header.url]
            .into_iter()
            .flatten()
            .map(|s| text(s))
            .collect::<Vec<_>>()
            .join(" · ");

        let objectives = framework
            .objectives
            .iter()
            .zip(&score.objectives)
            .map(|(objective, scored)| ObjectiveView {
                id: scored.id.clone(),
                name: text(&objective.name),
                percent: percent(scored.percent),
                seal: seal_short(scored.seal),
                seal_class: seal_class(scored.seal),
                weight: format!("{} {}", t.weight, lang.whole_percent(scored.weight)),
                notes: {
                    let mut notes = Vec::new();
                    for factor in &objective.factors {
                        let chosen = scored.factors.iter().find(|f| f.id == factor.id);
                        let Some(option) = chosen.and_then(|f| factor.option(f.option)) else {
                            continue;
                        };
                        for n in &option.notes {
                            notes.push(NoteView {
                                id: factor.id.clone(),
                                number: option.number,
                                text: text(match lang {
                                    Lang::En => &n.en,
                                    Lang::Fr => &n.fr,
                                }),
                            });
                        }
                    }
                    notes
                },
                rows: objective
                    .factors
                    .iter()
                    .map(|factor| {
                        let scored = scored.factors.iter().find(|f| f.id == factor.id);
                        let answer = card.answer(&factor.id);
                        match (scored, answer, scored.and_then(|s| factor.option(s.option))) {
                            (Some(scored), Some(answer), Some(option)) => RowView {
                                id: factor.id.clone(),
                                factor: text(&factor.name),
                                answered: true,
                                value: text(&option.display_label()),
                                points: format!("{}/{}", scored.points, scored.max),
                                seal: scored.seal.to_string(),
                                seal_class: seal_class(Some(scored.seal)),
                                confidence: answer
                                    .confidence
                                    .map_or_else(String::new, |c| confidence(c, lang).to_owned()),
                                justification: answer
                                    .justification
                                    .as_deref()
                                    .map(text)
                                    .unwrap_or_default(),
                                sources: answer
                                    .sources
                                    .iter()
                                    .map(|s| Source {
                                        link: is_web_link(s),
                                        text: text(s),
                                    })
                                    .collect(),
                            },
                            _ => RowView {
                                id: factor.id.clone(),
                                factor: text(&factor.name),
                                answered: false,
                                value: t.not_answered.to_owned(),
                                points: DASH.to_owned(),
                                seal: DASH.to_owned(),
                                seal_class: seal_class(None),
                                confidence: String::new(),
                                justification: String::new(),
                                sources: Vec::new(),
                            },
                        }
                    })
                    .collect(),
            })
            .collect();

        let gaps: Vec<GapView> = score
            .gaps
            .iter()
            .map(|id| GapView {
                id: id.clone(),
                name: framework
                    .factor(id)
                    .map(|(_, f)| text(&f.name))
                    .unwrap_or_default(),
            })
            .collect();
        let total = framework.factors().count();
        let incomplete = (!score.complete).then(|| match lang {
            Lang::En => format!(
                "{} of {total} factors are not answered. They are left out of every figure below (not counted as zero), so the figures cover the answered factors only.",
                gaps.len()
            ),
            Lang::Fr => format!(
                "{} facteurs sur {total} ne sont pas renseignés. Ils sont exclus de tous les chiffres ci-dessous (et non comptés comme zéro) : les chiffres ne portent que sur les facteurs renseignés.",
                gaps.len()
            ),
        });

        let weights = score
            .objectives
            .iter()
            .map(|o| o.weight.to_string())
            .collect::<Vec<_>>()
            .join("/");
        CardView {
            lang: lang.code(),
            t,
            provider: text(&header.provider),
            subtitle,
            score: percent(score.score),
            unweighted: percent(score.unweighted),
            seal: score.seal.map_or_else(
                || DASH.to_owned(),
                |s| format!("{s} {}", seal_name(s, lang)),
            ),
            incomplete,
            gaps,
            objectives,
            method: match score.method {
                Method::Card => t.method_card,
                Method::Calculator => t.method_calculator,
            }
            .to_owned(),
            weights: format!("{} ({weights})", text(&score.weights)),
            framework: format!(
                "{} {}, {} {} — © European Union, CC BY 4.0; {}{} {}",
                framework.name,
                framework.version,
                t.calculator,
                framework.calculator,
                t.texts.to_lowercase(),
                t.colon,
                if framework.official.is_some() {
                    t.texts_official
                } else {
                    t.texts_own
                }
            ),
        }
    }
}

/// The CSS class of a SEAL cell.
fn seal_class(seal: Option<Seal>) -> String {
    seal.map_or_else(|| "seal-none".to_owned(), |s| format!("seal-{}", s.level()))
}

fn is_web_link(s: &str) -> bool {
    (s.starts_with("https://") || s.starts_with("http://"))
        && !s.contains(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"'))
}
