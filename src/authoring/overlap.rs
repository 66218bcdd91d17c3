//! "Our own words", checked mechanically: every run of [`RUN_LENGTH`] words that an incident's
//! own text (title, summary, write-up, impact, remediation, chain labels and details) shares
//! with the text of a source it was written from (`atlas overlap`). Words are compared in
//! lower case, punctuation ignored, so a copied sentence with new commas is still found.

use std::collections::HashSet;

use crate::catalogue::{Incident, Inline};

/// A run this long, shared with a source, is copying rather than a shared phrase.
pub const RUN_LENGTH: usize = 10;

/// The words of `text`: letters and digits, in lower case (an apostrophe inside a word kept).
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .map(|word| word.trim_matches(|c| c == '\'' || c == '’').to_lowercase())
        .filter(|word| !word.is_empty())
        .collect()
}

/// Every text of the incident that is ours to write.
pub fn own_texts(incident: &Incident) -> Vec<String> {
    let mut texts = vec![
        incident.title.clone(),
        incident.summary.clone(),
        incident.impact.clone(),
    ];
    texts.extend(incident.remediation.iter().cloned());
    for paragraph in &incident.write_up {
        let runs: Vec<&str> = paragraph
            .iter()
            .map(|run| match run {
                Inline::Text(text) => text.as_str(),
                Inline::Code { code } => code.as_str(),
                Inline::Link { text, .. } => text.as_str(),
            })
            .collect();
        texts.push(runs.concat());
    }
    for node in &incident.causal_chain.nodes {
        texts.push(node.label.clone());
        texts.extend(node.detail.clone());
    }
    texts
}

/// The runs of [`RUN_LENGTH`] words that `own` texts share with `source`, each once, in the
/// order they come in `own`.
pub fn shared_runs(own: &[String], source: &str) -> Vec<String> {
    let source_words = words(source);
    let source_runs: HashSet<&[String]> = source_words.windows(RUN_LENGTH).collect();
    let mut found: Vec<String> = Vec::new();
    for text in own {
        let text_words = words(text);
        for run in text_words.windows(RUN_LENGTH) {
            if source_runs.contains(run) {
                let run = run.join(" ");
                if !found.contains(&run) {
                    found.push(run);
                }
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_ignore_case_and_punctuation() {
        assert_eq!(
            words("The switch's ports — half-working, “Byzantine”!"),
            ["the", "switch's", "ports", "half", "working", "byzantine"]
        );
    }

    #[test]
    fn a_run_of_ten_shared_words_is_found_and_nine_are_not() {
        let source = "At 14:43 a network switch began to misbehave, dropping some packets \
                      while passing others, and etcd lost its leader.";
        let nine = "Then a network switch began to misbehave, dropping some packets, we saw.";
        assert!(shared_runs(&[nine.to_owned()], source).is_empty());
        let ten = "A network switch began to misbehave, dropping some packets while it ran.";
        assert_eq!(
            shared_runs(&[ten.to_owned()], source),
            ["a network switch began to misbehave dropping some packets while"]
        );
        let reworded = "Around 14:43 one switch started failing in part: some packets \
                        went through and some did not, so etcd lost its leader.";
        assert!(shared_runs(&[reworded.to_owned()], source).is_empty());
    }
}
