use std::sync::Arc;

use leptos::prelude::*;

use crate::app::LoadedAtlas;

/// A catalogue with thousands of bad entries still gets a notice a person can read.
const SHOWN_PROBLEMS: usize = 50;

/// Incidents left out because they failed their checks: a visible notice listing each, so that
/// nothing disappears silently while the valid ones stay on screen.
#[component]
pub fn CatalogueProblems(loaded: Arc<LoadedAtlas>) -> impl IntoView {
    let problems = loaded.problems.clone();
    (!problems.is_empty()).then(|| {
        let skipped = loaded.incidents_in_file.saturating_sub(loaded.atlas.len());
        let heading = match skipped {
            1 => "1 incident in the catalogue could not be shown".to_owned(),
            n => format!("{n} incidents in the catalogue could not be shown"),
        };
        view! {
            <section class="catalogue-problems" aria-labelledby="catalogue-problems-title">
                <h2 id="catalogue-problems-title">{heading}</h2>
                <p>"Everything else is shown as usual. What was wrong:"</p>
                <ul>
                    {problems
                        .iter()
                        .take(SHOWN_PROBLEMS)
                        .map(|problem| {
                            let line = problem.line.map(|l| format!("line {l}: "));
                            view! { <li>{line} {problem.to_string()}</li> }
                        })
                        .collect_view()}
                    {(problems.len() > SHOWN_PROBLEMS).then(|| {
                        let more = problems.len() - SHOWN_PROBLEMS;
                        view! {
                            <li>
                                {format!("… and {more} more; `atlas check` on the catalogue lists them all.")}
                            </li>
                        }
                    })}
                </ul>
            </section>
        }
    })
}
