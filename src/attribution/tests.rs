use crate::extract;

fn speakers(text: &str) -> Vec<(String, Option<String>)> {
    extract("t", text)
        .quotes
        .into_iter()
        .map(|q| (q.text, q.speaker))
        .collect()
}

#[test]
fn split_quote_continues_the_speaker() {
    let got = speakers("Headline\nSouth Korea President Moon Jae-in re-engaged.\n“In the process, our role has become important once again,” Moon said. “While I believe the talks will reach an agreement, a vacuum is never desirable.”\n");
    assert_eq!(got[0].1.as_deref(), Some("Moon Jae-in"));
    assert_eq!(got[1].1.as_deref(), Some("Moon Jae-in"));
}


#[test]
fn pronouns_skip_people_of_the_other_gender() {
    let text = "Headline\nNicole Hargrove said she was undecided.\nShe met Mr. Trump. Donald Trump said he was sure.\n“I loved it,” she said.\n";
    let got = speakers(text);
    assert_eq!(got[0].1.as_deref(), Some("Nicole Hargrove"), "{got:?}");
}
