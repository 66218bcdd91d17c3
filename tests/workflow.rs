//! The GitHub Pages workflow publishes only what passed every check: the job that uploads the
//! site needs, directly or through other jobs, a job that runs `make test`.

use std::collections::BTreeSet;

use yaml_rust2::{Yaml, YamlLoader};

fn workflow() -> Yaml {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/.github/workflows/pages.yml");
    let text = std::fs::read_to_string(path).expect("the Pages workflow is readable");
    YamlLoader::load_from_str(&text)
        .expect("the Pages workflow is YAML")
        .into_iter()
        .next()
        .expect("one document")
}

fn steps(job: &Yaml) -> impl Iterator<Item = &Yaml> {
    job["steps"].as_vec().into_iter().flatten()
}

/// The jobs `job` waits for: `needs: a` or `needs: [a, b]`.
fn needs(job: &Yaml) -> Vec<String> {
    match &job["needs"] {
        Yaml::String(one) => vec![one.clone()],
        Yaml::Array(many) => many
            .iter()
            .filter_map(|n| n.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

/// Every job `name` waits for, through other jobs too.
fn waits_for(jobs: &Yaml, name: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut next = needs(&jobs[name]);
    while let Some(job) = next.pop() {
        if seen.insert(job.clone()) {
            next.extend(needs(&jobs[job.as_str()]));
        }
    }
    seen
}

fn job_names(jobs: &Yaml, runs: impl Fn(&Yaml) -> bool) -> Vec<String> {
    jobs.as_hash()
        .into_iter()
        .flatten()
        .filter(|(_, job)| steps(job).any(&runs))
        .filter_map(|(name, _)| name.as_str().map(str::to_owned))
        .collect()
}

#[test]
fn the_site_is_published_only_after_every_test_passed() {
    let workflow = workflow();
    let jobs = &workflow["jobs"];
    let testing = job_names(jobs, |step| {
        step["run"]
            .as_str()
            .is_some_and(|run| run.lines().any(|line| line.trim() == "make test"))
    });
    assert!(!testing.is_empty(), "no job runs `make test`");
    let publishing = job_names(jobs, |step| {
        step["uses"].as_str().is_some_and(|uses| {
            uses.starts_with("actions/upload-pages-artifact")
                || uses.starts_with("actions/deploy-pages")
        })
    });
    assert!(!publishing.is_empty(), "no job publishes the site");
    for job in publishing {
        let before = waits_for(jobs, &job);
        assert!(
            testing.iter().any(|t| before.contains(t)),
            "job `{job}` publishes without waiting for {testing:?} (it needs {before:?})"
        );
    }
}
