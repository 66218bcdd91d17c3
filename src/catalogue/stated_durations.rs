//! Durations that an incident's text states ("for 6 hours 33 minutes", "lasted 42 minutes"),
//! checked against its start and end: a duration written by hand slips easily (the impact
//! says 6 h 33 min where start and end give 6 h 37 min). Told as warnings by `atlas check`:
//! a text may rightly give the length of one part of an incident, so only what cannot be a
//! part is told, a duration longer than the whole or a few minutes short of it.

use crate::catalogue::check::Problem;
use crate::catalogue::{Catalogue, Incident, IncidentFacts, Inline};

/// A duration written in text, and how many minutes it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatedDuration {
    pub words: String,
    pub minutes: i64,
}

const NUMBER_WORDS: [&str; 13] = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve",
];

/// A number in digits or in words up to twelve.
fn number(word: &str) -> Option<i64> {
    let word = word.to_ascii_lowercase();
    word.parse::<i64>().ok().or_else(|| {
        NUMBER_WORDS
            .iter()
            .position(|w| *w == word)
            .and_then(|n| i64::try_from(n).ok())
    })
}

fn is_hours(word: &str) -> bool {
    matches!(word.to_ascii_lowercase().as_str(), "hour" | "hours" | "h")
}

fn is_minutes(word: &str) -> bool {
    matches!(
        word.to_ascii_lowercase().as_str(),
        "minute" | "minutes" | "min"
    )
}

/// Words after a duration that make it a difference, not a length ("30 minutes later").
fn is_relative(word: Option<&&str>) -> bool {
    word.is_some_and(|w| {
        matches!(
            w.to_ascii_lowercase().as_str(),
            "longer" | "later" | "earlier" | "before" | "after" | "more" | "ahead" | "behind"
        )
    })
}

/// Every "N hours M minutes" (also "N hours and M minutes", "N h M min", numbers in digits or
/// words) and "N minutes" in `text`, not followed by a word that makes it relative.
pub fn stated_durations(text: &str) -> Vec<StatedDuration> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')')
        .map(|w| w.trim_end_matches(['.', ';', ':']))
        .filter(|w| !w.is_empty())
        .collect();
    let mut found = Vec::new();
    let mut at = 0;
    while at + 1 < words.len() {
        let (Some(first), unit) = (number(words[at]), words[at + 1]) else {
            at += 1;
            continue;
        };
        let mut end = at + 2;
        let minutes = if is_hours(unit) {
            // "and" may join the minutes to the hours.
            let joined = usize::from(
                words
                    .get(end)
                    .is_some_and(|w| w.eq_ignore_ascii_case("and")),
            );
            match (
                words.get(end + joined).and_then(|w| number(w)),
                words.get(end + joined + 1),
            ) {
                (Some(more), Some(unit)) if is_minutes(unit) => {
                    end += joined + 2;
                    Some(first * 60 + more)
                }
                _ => None,
            }
        } else if is_minutes(unit) {
            Some(first)
        } else {
            None
        };
        match minutes {
            Some(minutes) if !is_relative(words.get(end)) => {
                found.push(StatedDuration {
                    words: words[at..end].join(" "),
                    minutes,
                });
                at = end;
            }
            _ => at += 1,
        }
    }
    found
}

/// The incident's prose that may state how long it lasted: summary, impact and write-up.
fn prose(incident: &Incident) -> Vec<(String, String)> {
    let mut texts = vec![
        ("summary".to_owned(), incident.summary.clone()),
        ("impact".to_owned(), incident.impact.clone()),
    ];
    for (index, paragraph) in incident.write_up.iter().enumerate() {
        let text: String = paragraph.iter().map(Inline::text).collect();
        texts.push((format!("write_up[{index}]"), text));
    }
    texts
}

/// A warning for each duration an incident states that cannot be a part of its start-to-end
/// duration: longer than it, or short of it by a few minutes (5, or 5% of a long incident),
/// which is a slip rather than a part.
pub fn duration_warnings(catalogue: &Catalogue) -> Vec<Problem> {
    let mut warnings = Vec::new();
    for incident in &catalogue.incidents {
        let Some(whole) = incident.duration_minutes() else {
            continue;
        };
        let near = (whole / 20).max(5);
        for (field, text) in prose(incident) {
            for stated in stated_durations(&text) {
                let short_by = whole - stated.minutes;
                if short_by < -1 || (short_by > 1 && short_by <= near) {
                    warnings.push(Problem::in_incident(
                        incident,
                        field.as_str(),
                        format!(
                            "says \"{}\" ({} min), but its start and end are {} min apart",
                            stated.words, stated.minutes, whole
                        ),
                    ));
                }
            }
        }
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minutes(text: &str) -> Vec<i64> {
        stated_durations(text).iter().map(|d| d.minutes).collect()
    }

    #[test]
    fn reads_the_forms_a_write_up_uses() {
        assert_eq!(minutes("For 6 hours 33 minutes the API was down."), [393]);
        assert_eq!(minutes("for six hours and 33 minutes,"), [393]);
        assert_eq!(minutes("lasted 3 h 19 min to 4 h 25 min"), [199, 265]);
        assert_eq!(minutes("fully down for 42 minutes from 21:20"), [42]);
        assert_eq!(minutes("(1 hour 35 minutes)"), [95]);
        assert_eq!(
            minutes("affected for up to 30 minutes longer"),
            [] as [i64; 0]
        );
        assert_eq!(minutes("it took 3 hours, then"), [] as [i64; 0]);
        assert_eq!(minutes("version 2 of 3 minutes"), [3]);
    }

    #[test]
    fn warns_of_a_near_miss_and_a_part_longer_than_the_whole() {
        let mut catalogue = crate::catalogue::load::minimal_fixture();
        let whole = catalogue.incidents[0].duration_minutes().expect("timed");
        let (hours, rest) = (whole / 60, whole % 60);
        catalogue.incidents[0].impact = format!("It lasted {hours} hours {rest} minutes.");
        assert!(duration_warnings(&catalogue).is_empty(), "exact is fine");
        let incident = &mut catalogue.incidents[0];
        incident.impact = format!("It lasted {hours} hours {} minutes.", rest + 4);
        incident.summary = format!("Down for {} minutes.", whole - 3);
        incident.write_up[0] = vec![Inline::Text(format!("A part took {} minutes.", whole / 2))];
        let said: Vec<String> = duration_warnings(&catalogue)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(said.len(), 2, "{said:?}");
        assert!(
            said[0].contains("summary: says") && said[0].contains(&format!("{whole} min apart"))
        );
        assert!(said[1].contains("impact: says"), "{said:?}");
    }
}
