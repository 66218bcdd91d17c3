use leptos::prelude::*;

use crate::app::fetch::CatalogueFailure;

/// The whole catalogue could not be read: say so, why, and where.
#[component]
pub fn LoadFailure(failure: CatalogueFailure) -> impl IntoView {
    let (url, reason) = failure.url_and_reason();
    view! {
        <section class="load-failure" role="alert" aria-labelledby="load-failure-title">
            <h1 id="load-failure-title">"The catalogue could not be loaded"</h1>
            <p>"The incident catalogue at " <a href=url.clone()><code>{url.clone()}</code></a> " could not be read, so there is nothing to show."</p>
            <p class="load-failure__reason"><strong>"Why: "</strong> {reason}</p>
            <p>"Reload the page to try again. If you maintain this site, run "
                <code>"cargo run --bin atlas -- check public/catalogue.json"</code>
                " to see every problem."</p>
        </section>
    }
}
