//! Cue verbs and the two attribution frames around a quote: the frame after
//! it (`…,” said Yang Moo-jin, professor at …` / `…,” Biegun said.`) and
//! the frame before it (`Blue House Spokesperson Ko Min-jung said, “…`).
//!
//! Owns: `speech_verb`, `post_attribution`, `pre_attribution`. Does not own:
//! resolving the speaker to a person (`speaker::Entities`).

use nom::branch::alt;
use nom::bytes::complete::tag_no_case;
use nom::character::complete::char as ch;
use nom::combinator::{opt, verify};
use nom::{IResult, Parser};

use super::speaker::{
    space0, space1, speaker_phrase, speaker_start_floor, speaker_with_appositive,
    speaker_with_appositive_and_bare, trailing_appositive, word, SpeakerPhrase, Who,
};
use crate::lexicon;

/// Grammar rules of `grammar/attribution.ebnf` implemented here.
pub const RULES: &[&str] = &[
    "speech_verb",
    "post_attribution",
    "pre_attribution",
    "quoted_as_saying",
    "colon_intro",
    "sentence_subject",
    "as_put_it",
    "slot_verb",
];

/// A frame found around a quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    /// Who.
    pub speaker: SpeakerPhrase,
    /// The cue as written (`said`, `according to`, `quoted … as saying`);
    /// `None` for a colon with no verb (`pollster Daron Shaw: “…`).
    pub cue: Option<String>,
    /// For `X quoted Y as saying`: X, who relayed the words.
    pub relay: Option<SpeakerPhrase>,
}

/// speech_verb = a word of `speech_verbs.txt` [particle] — `said`,
/// `pointed out`, `summed up`, `went on`.
pub fn speech_verb(i: &str) -> IResult<&str, String> {
    let (rest, v) = verify(word, |w: &str| lexicon::speech_verbs().contains(w)).parse(i)?;
    // Particle verbs take their particle; `put it` its object.
    if let Some((r, p)) = particle(rest) {
        if r.chars().next().is_none_or(|c| !c.is_alphanumeric()) {
            let verb_is = |forms: &[&str]| lexicon::lowercase_is_any(v, forms);
            let fits = match p.as_bytes()[0].to_ascii_lowercase() {
                b'o' if p.len() == 3 => verb_is(&["pointed", "points"]),
                b'u' => verb_is(&["summed", "sums"]),
                b'o' => verb_is(&["went", "goes"]),
                _ => verb_is(&["put", "puts"]),
            };
            if fits {
                return Ok((r, format!("{v} {p}")));
            }
        }
    }
    // `went`, `put`, `points` alone are no cue.
    if lexicon::lowercase_is_any(v, &["went", "goes", "put", "puts", "pointed", "points"]) {
        return Err(nom::Err::Error(nom::error::Error::new(i, nom::error::ErrorKind::Verify)));
    }
    Ok((rest, v.to_string()))
}

/// White space and a particle of [`speech_verb`] (`out`, `up`, `on`, `it`,
/// in any case) at the start of `i`: what follows, and the particle.
///
/// The particles compared byte by byte: as `tag_no_case` compares them
/// (character by character, each lowercased), only ASCII letters can
/// match theirs, since no character outside ASCII lowercases to `o`, `u`,
/// `t`, `n`, `i` or `p` (only the Kelvin sign lowercases into ASCII).
fn particle(i: &str) -> Option<(&str, &str)> {
    let (after, _) = space1(i).ok()?;
    let b = after.as_bytes();
    let len = ["out", "up", "on", "it"]
        .iter()
        .find(|p| b.get(..p.len()).is_some_and(|head| head.eq_ignore_ascii_case(p.as_bytes())))?
        .len();
    Some((&after[len..], &after[..len]))
}

fn adverb(i: &str) -> IResult<&str, &str> {
    verify(word, |w: &str| lexicon::adverbs().contains(w)).parse(i)
}

/// `has said`, `would later tell`: an auxiliary and an optional adverb
/// between a subject and its cue verb.
fn auxiliary(i: &str) -> IResult<&str, &str> {
    nom::combinator::recognize((
        verify(word, |w: &str| {
            matches!(
                w,
                "has" | "have" | "had" | "will" | "would" | "could" | "may" | "might" | "did"
            )
        }),
        opt((space1, adverb)),
    ))
    .parse(i)
}

/// post_attribution = [","] ( speech_verb speaker_phrase [trailing_role]
///                          | speaker_phrase [appositive] [adverb] speech_verb
///                          | "according to" speaker_phrase ) — the frame
/// right after a closing mark.
pub fn post_attribution(i: &str) -> IResult<&str, Frame> {
    let (i, _) = (space0, opt(ch(',')), space0).parse(i)?;
    alt((post_inverted, post_subject_first, post_according)).parse(i)
}

/// A verb in the slot right after a quote is a cue even when it is not in
/// the lexicon (`“This is fantastic!” beamed Donald Hartley`): any simple
/// past tense (`-ed`) or present (`-s`) verb.
fn slot_verb(i: &str) -> IResult<&str, String> {
    alt((
        speech_verb,
        verify(word, |w: &str| {
            let lower = w.chars().all(|c| c.is_lowercase() || c == '-');
            lower && w.len() > 4 && w.ends_with("ed") && !lexicon::function_words().contains(w)
        })
        .map(str::to_string),
    ))
    .parse(i)
}

/// `said Yang Moo-jin, professor at the University of North Korean Studies`
fn post_inverted(i: &str) -> IResult<&str, Frame> {
    let (rest, (cue, _, mut speaker)) = (slot_verb, space1, speaker_phrase).parse(i)?;
    // A participle never stands before its subject: in `…,” suggesting he
    // might consider Kasich` the pronoun opens the clause of what was
    // suggested, and the participle goes on with the sentence's subject.
    let participle = cue.ends_with("ing");
    let unlisted_past = cue.ends_with("ed")
        && !lexicon::speech_verbs().contains(&cue)
        && !matches!(speaker.who, super::speaker::Who::Name { .. });
    if participle || unlisted_past {
        return Err(nom::Err::Error(nom::error::Error::new(i, nom::error::ErrorKind::Verify)));
    }
    let (rest, role) = opt(trailing_appositive).parse(rest)?;
    match (&speaker.who, role) {
        (super::speaker::Who::Name { .. }, role) => speaker.role = role,
        (super::speaker::Who::Description { .. }, Some(role)) => {
            if let Some(named) = super::speaker::named_in_appositive(&speaker, &role) {
                speaker = named;
            }
        }
        _ => {}
    }
    Ok((rest, Frame { speaker, cue: Some(cue), relay: None }))
}

/// `Biegun said`, `the Choson Sinbo article said`, `he said`
fn post_subject_first(i: &str) -> IResult<&str, Frame> {
    let subject_verb = |i| {
        (
            speaker_with_appositive,
            space1,
            opt((auxiliary, space1)),
            opt((adverb, space1)),
            slot_verb,
        )
            .parse(i)
            .map(|(r, (sp, _, _, _, cue))| (r, (sp, cue)))
    };
    // `the paper's editorial board wrote`: a description can end too early
    // (at the source noun `editorial`); any noun phrase right before a
    // cue is then the subject.
    let bare_verb = |i| {
        (super::speaker::bare_description, space1, speech_verb)
            .parse(i)
            .map(|(r, (who, _, cue))| (r, (SpeakerPhrase { who, role: None }, cue)))
    };
    let (rest, (speaker, cue)) = subject_verb(i).or_else(|_| bare_verb(i))?;
    let describes_person = matches!(&speaker.who, super::speaker::Who::Description { head, .. } if super::speaker::is_role_word(head));
    // Any past-tense verb in the slot (`riffed`) for a named person, a
    // pronoun or a description of a person by role.
    let named = describes_person
        || matches!(
            speaker.who,
            super::speaker::Who::Name { .. } | super::speaker::Who::Pronoun(_)
        );
    if !lexicon::speech_verbs().contains(&cue) && !named {
        return Err(nom::Err::Error(nom::error::Error::new(i, nom::error::ErrorKind::Verify)));
    }
    Ok((rest, Frame { speaker, cue: Some(cue), relay: None }))
}

/// `according to Stone`
fn post_according(i: &str) -> IResult<&str, Frame> {
    let (rest, (_, _, _, speaker)) =
        (tag_no_case("according"), space1, tag_no_case("to"), speaker_with_appositive_sp)
            .parse(i)?;
    Ok((rest, Frame { speaker, cue: Some("according to".to_string()), relay: None }))
}

fn speaker_with_appositive_sp(i: &str) -> IResult<&str, SpeakerPhrase> {
    let (rest, _) = space1(i)?;
    speaker_with_appositive(rest)
}

/// How much prose may stand between a cue and the quote it frames.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// A few words (`said in a statement on Oct. 1,`): for direct quotes.
    Near,
    /// A clause (`said that his discussion … had been`): for fragments.
    Clause,
}

/// Words allowed between a cue verb and the quote.
fn reach_words(reach: Reach) -> usize {
    match reach {
        Reach::Near => 12,
        Reach::Clause => 40,
    }
}

/// pre_attribution = speaker_phrase [appositive] [adverb] speech_verb
///                   complement ["that"] [","|":"] — the frame before an
/// opening mark, anchored at the mark: `window` ends where the quote opens.
///
/// Cue verbs are tried from the nearest to the farthest; for each, the
/// subject is the longest speaker phrase that ends right before it.
pub fn pre_attribution(window: &str, reach: Reach) -> Option<Frame> {
    let starts = word_starts(window);
    // `Vox quoted anonymous sources … as saying that “`, `Biegun was quoted
    // as saying that`: the frame of the nearest cue, checked once.
    if let Some(frame) = quoted_as_saying(window, &starts) {
        return Some(frame);
    }
    if let Some(frame) = as_put_it(window) {
        return Some(frame);
    }
    'cues: for (k, &v) in starts.iter().enumerate().rev() {
        let Ok((after, cue)) = speech_verb(&window[v..]) else { continue };
        if after_determiner(&window[..v]) {
            continue;
        }
        if super::more_words_than(after, reach_words(reach)) {
            // Too far for this reach; farther verbs are farther still.
            break;
        }
        if has_sentence_end(after) {
            continue;
        }
        let floor = speaker_start_floor(window, v);
        let participle = cue.ends_with("ing");
        for &s in starts[..k].iter().skip(k.saturating_sub(30)).filter(|&&s| s >= floor) {
            let Ok((rest, (speaker, bare))) = speaker_with_appositive_and_bare(&window[s..]) else {
                continue;
            };
            // `Franklin Graham, who has publicly vowed …`, `an Abraham
            // Lincoln impersonator who promises that …`: a relative clause
            // whose verb is the cue.
            // The relative follows the speaker phrase itself, not an
            // appositive (`Iowa, Obama wasn't treated …, who`).
            let mut who = (space0, opt(ch(',')), space0, tag_no_case("who"), space1);
            let rest = match who.parse(rest) {
                Ok((r, _)) => {
                    if bare.len() != rest.len() {
                        continue;
                    }
                    r
                }
                Err(_) => rest,
            };
            let Ok((rest, _)) =
                (space0, opt((auxiliary, space1)), opt((adverb, space1))).parse(rest)
            else {
                continue;
            };
            if rest.len() == window.len() - v {
                // `… he doesn't have small hands - as Rubio has said - and
                // he can “guarantee” …`: a comment clause with `as` points
                // back at what came before it; a quote after more words
                // is not its content.
                // (`as an American diplomat put it, an “…”` still frames.)
                let words = after.split_whitespace().filter(|w| w.contains(char::is_alphanumeric));
                if is_comment_as(&window[..s]) && words.count() > 2 {
                    continue 'cues;
                }
                // `wrote a letter to Attorney General Loretta E. Lynch
                // asking …`: the object of a preposition is not who does
                // the asking; the sentence's subject is.
                if participle && after_preposition(&window[..s]) {
                    break;
                }
                // `called a report suggesting donors were favored
                // “outrageous”`: what a participle stands after is the
                // object of the cue before it, and that cue frames the
                // quote.
                if participle && ends_with_cue(&window[..s]) {
                    continue 'cues;
                }
                // `Boos rained down when Trump mentioned her, and the crowd
                // reprised the chant “…”`: a cue inside a subordinate
                // clause frames nothing past the comma that ends it.
                if after_subordinator(&window[..s]) && after.contains(',') {
                    continue 'cues;
                }
                // `Andanar released a statement saying that …`: a document
                // that says something is its author's words, and its
                // author is the subject of the sentence.
                let document = matches!(&speaker.who, Who::Description { head, .. } if super::speaker::is_document(head));
                if participle && document && after_producing_verb(&window[..s]) {
                    if let Some(author) = sentence_subject(&window[..s], &starts[..k]) {
                        if matches!(author.who, Who::Name { .. }) {
                            return Some(Frame { speaker: author, cue: Some(cue), relay: None });
                        }
                    }
                }
                return Some(Frame { speaker, cue: Some(cue), relay: None });
            }
        }
        // A cue with no subject of its own (`…, but now said Trump had`,
        // `…, saying`) belongs to the sentence's subject; a participle
        // (`after Kim Song applied pressure …, declaring that`) to the
        // nearest name before it when the sentence subject is no speaker.
        if let Some(speaker) = sentence_subject(&window[..v], &starts[..k]) {
            return Some(Frame { speaker, cue: Some(cue), relay: None });
        }
        if cue.ends_with("ing") {
            let nearest = starts[..k].iter().rev().find_map(|&s| {
                let at_word = window[..s].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
                let (_, who) = super::speaker::name_phrase(&window[s..]).ok()?;
                (at_word && is_person_name(&who)).then_some(who)
            });
            if let Some(who) = nearest {
                return Some(Frame {
                    speaker: SpeakerPhrase { who, role: None },
                    cue: Some(cue),
                    relay: None,
                });
            }
        }
    }
    colon_intro(window, &starts)
}

/// True when the last word of `before` is a preposition whose object does
/// not do what a participle after it says. Not `with` (`with Sen. John
/// McCain calling it …`), `of` (`a video of Trump saying`), `from` or
/// `by` (`a letter from Ryan asking`): their object does.
fn after_preposition(before: &str) -> bool {
    let last = before.trim_end().rsplit(char::is_whitespace).next().unwrap_or("");
    matches!(last, "to" | "at" | "on" | "about")
}

/// True when the last word of `before` is a verb that makes a document
/// (`released`, `issued`, `put out`): the document after it is the
/// subject's.
fn after_producing_verb(before: &str) -> bool {
    let last = before.trim_end().rsplit(char::is_whitespace).next().unwrap_or("");
    matches!(
        last,
        "released"
            | "issued"
            | "wrote"
            | "sent"
            | "published"
            | "posted"
            | "out"
            | "signed"
            | "filed"
            | "tweeted"
            | "circulated"
            | "distributed"
    )
}

/// sentence_subject = the first speaker phrase that stands as a sentence
/// subject: at the start of the window or after an opening clause and a
/// comma (`In a Fox interview later that day, Trump went even further:`).
pub fn sentence_subject(window: &str, starts: &[usize]) -> Option<SpeakerPhrase> {
    for &s in starts.iter().take(25) {
        let mut before = window[..s].trim();
        // `the Choson Sinbo, the official organ of …, published`
        if let Some(b) = before.strip_suffix("the").or_else(|| before.strip_suffix("The")) {
            if b.is_empty() || b.ends_with(char::is_whitespace) {
                before = b.trim_end();
            }
        }
        // `But Sen. Pat Toomey (R-Pa.) refused …`: an opener word may
        // stand before the subject.
        let at_subject = before.is_empty()
            || before.ends_with(',') && !before[..before.len() - 1].contains(',')
            || (!before.contains(char::is_whitespace)
                && super::speaker::is_sentence_opener(before));
        if !at_subject {
            continue;
        }
        if let Ok((rest, sp)) = speaker_with_appositive(&window[s..]) {
            if is_participle_opener(&sp.who, rest) || is_opener_word(&sp.who) {
                continue;
            }
            return Some(sp);
        }
    }
    None
}

/// `Lynch announced on Monday the lawsuit against the state.`: a sentence
/// whose subject, at its start, is followed by a cue verb of the lexicon.
/// The subject and the cue as written.
pub fn announcing_subject(sentence: &str) -> Option<(SpeakerPhrase, String)> {
    let s = sentence.trim_start();
    let (_, (sp, _, _, _, cue)) = (
        speaker_with_appositive,
        space1,
        opt((auxiliary, space1)),
        opt((adverb, space1)),
        speech_verb,
    )
        .parse(s)
        .ok()?;
    Some((sp, cue))
}

/// `Reached by POLITICO, Bennett …`, `Asked about it, …`: a capitalized
/// participle and a preposition open the sentence; they name no one.
fn is_participle_opener(who: &super::speaker::Who, rest: &str) -> bool {
    let super::speaker::Who::Name { name, title: None } = who else { return false };
    let next = rest.split_whitespace().next().unwrap_or("");
    !name.contains(' ')
        && (name.ends_with("ed") || name.ends_with("ing"))
        && matches!(next, "by" | "about" | "for" | "in" | "on" | "at" | "with" | "to" | "after")
}

/// The last word of `before` (empty when there is none).
fn last_word(before: &str) -> &str {
    before.trim_end().rsplit(char::is_whitespace).next().unwrap_or("")
}

/// `before` ends with a lowercase subordinator (`… rained down when `).
fn after_subordinator(before: &str) -> bool {
    SUBORDINATORS.contains(&last_word(before))
}

/// `before` ends with a cue verb of the lexicon (`… called `).
fn ends_with_cue(before: &str) -> bool {
    let w = last_word(before);
    !w.is_empty() && lexicon::speech_verbs().contains(w)
}

/// The word before a cue word makes it a noun (`Sanders's attacks have`,
/// `their claims`, `the statement`).
fn after_determiner(before: &str) -> bool {
    let w = last_word(before);
    w.ends_with("'s")
        || w.ends_with("’s")
        || lexicon::lowercase_is_any(
            w,
            &["the", "a", "an", "his", "her", "their", "its", "our", "my", "your", "whose"],
        )
}

/// `Then he turned to …`: a capitalized opener word read as a name.
fn is_opener_word(who: &super::speaker::Who) -> bool {
    matches!(who, super::speaker::Who::Name { name, title: None } if super::speaker::is_sentence_opener(name))
}

/// A name of a person rather than an organization: not all organization
/// words, and not a lone word ending in -ing (`Continuing to explain …`).
fn is_person_name(who: &super::speaker::Who) -> bool {
    match who {
        super::speaker::Who::Name { name, .. } => {
            let words: Vec<&str> = name.split_whitespace().collect();
            let gerund = words.len() == 1 && words[0].ends_with("ing");
            let organization = words.iter().all(|w| lexicon::org_words().contains(w));
            !gerund && !organization
        }
        _ => false,
    }
}

/// colon_intro = speaker_phrase [appositive] ":" | sentence_subject … ":"
/// — a quote introduced by its speaker's name and a colon (`Republican
/// pollster Daron Shaw: “…`), or by a sentence about its speaker that ends
/// in a colon (`Kaine has adopted the stance …: “…`).
pub fn colon_intro(window: &str, starts: &[usize]) -> Option<Frame> {
    let t = window.trim_end();
    // A dash introduces a quote as a colon does (`Trump also embraced
    // enhanced interrogation techniques -- "I think …`).
    let body = t
        .strip_suffix(':')
        .or_else(|| t.strip_suffix("--"))
        .or_else(|| t.strip_suffix('—'))
        .or_else(|| t.strip_suffix(" –"))?;
    for &s in starts.iter().filter(|&&s| s < body.len()) {
        if let Ok((rest, speaker)) = speaker_with_appositive(&body[s..]) {
            if rest.trim().is_empty() && !matches!(speaker.who, super::speaker::Who::Pronoun(_)) {
                return Some(Frame { speaker, cue: None, relay: None });
            }
        }
    }
    sentence_subject(body, starts)
        .or_else(|| {
            // `When Trump finally wrapped up — “I will fight for you!” —`: a
            // subordinate clause that the quote completes; its subject.
            let (first, rest) = body.trim_start().split_once(' ')?;
            if !is_subordinator(first) || rest.contains(',') {
                return None;
            }
            sentence_subject(rest, &word_starts(rest))
        })
        .map(|speaker| Frame { speaker, cue: None, relay: None })
}

/// Conjunctions that open a subordinate clause, lowercase.
const SUBORDINATORS: &[&str] = &[
    "after", "although", "because", "before", "if", "once", "since", "though", "until", "when",
    "whereas", "while",
];

/// A capitalized conjunction that opens a subordinate clause (`After`,
/// `When`, `Because` …).
pub fn is_subordinator(word: &str) -> bool {
    word.starts_with(char::is_uppercase) && lexicon::lowercase_is_any(word, SUBORDINATORS)
}

/// as_put_it = "as" speaker_phrase "put it" ["," | ":"] — `as
/// anti-terrorist prosecutor Marc Trévidic put it, “…`: the idiom names who
/// spoke with a verb that is no cue anywhere else.
/// The text before a speaker phrase ends with the word `as` opening a
/// comment clause (`- as Rubio has said -`, `, as Trump said,`).
fn is_comment_as(before: &str) -> bool {
    let t = before.trim_end();
    t.strip_suffix("as").or_else(|| t.strip_suffix("As")).is_some_and(|b| {
        let b = b.trim_end();
        b.is_empty() || b.ends_with([',', '-', '—', '–', '('])
    })
}

fn as_put_it(window: &str) -> Option<Frame> {
    let t = window.trim_end().trim_end_matches([',', ':']).trim_end();
    let t = t.strip_suffix("put it")?.trim_end();
    let k = t.rfind(" as ").map(|k| k + 4).or_else(|| t.starts_with("As ").then_some(3))?;
    let (rest, speaker) = speaker_with_appositive(&t[k..]).ok()?;
    rest.trim().is_empty().then(|| Frame { speaker, cue: Some("put it".to_string()), relay: None })
}

/// quoted_as_saying = [relay] "quoted" speaker_phrase "as saying" ["that"]
///                  | speaker_phrase ("was" | "is") "quoted as saying" —
/// `Vox quoted anonymous sources … as saying that “…`, `Biegun was quoted
/// as saying that …`.
fn quoted_as_saying(window: &str, starts: &[usize]) -> Option<Frame> {
    // Most windows have no `as saying` in any case: checked before the
    // window is lowercased. (No character outside ASCII lowercases into
    // this phrase.)
    // (The scan jumps between the `y`s, not the far more frequent `a`s.)
    if !crate::article::contains_ci(window, AS_SAYING) {
        return None;
    }
    let lower = window.to_lowercase();
    let saying = lower.rfind("as saying")?;
    if super::more_words_than(&window[saying + "as saying".len()..], 12) {
        return None;
    }
    let quoted = lower[..saying].rfind("quoted ")?;
    let object = &window[quoted + "quoted ".len()..saying];
    // Active: `X quoted Y as saying`.
    if let Ok((rest, speaker)) = speaker_phrase(object) {
        if rest.trim().is_empty() || rest.trim_start().starts_with("who") || rest.trim().len() < 80
        {
            let relay = starts.iter().filter(|&&s| s < quoted).find_map(|&s| {
                let (rest, sp) = speaker_phrase(&window[s..]).ok()?;
                (rest.len() == window.len() - quoted + 1
                    || rest.trim_start().len() == window.len() - quoted)
                    .then_some(sp)
            });
            return Some(Frame { speaker, cue: Some("quoted as saying".to_string()), relay });
        }
    }
    // Passive: `Y was quoted as saying`.
    let before = lower[..quoted].trim_end();
    if before.ends_with(" was") || before.ends_with(" is") || before.ends_with(" were") {
        let verb_at = before.rfind(' ')?;
        for &s in starts.iter().filter(|&&s| s < verb_at) {
            if let Ok((rest, speaker)) = speaker_phrase(&window[s..]) {
                if rest.len() == window.len() - verb_at {
                    return Some(Frame {
                        speaker,
                        cue: Some("quoted as saying".to_string()),
                        relay: None,
                    });
                }
            }
        }
    }
    None
}

const AS_SAYING: &str = "as saying";

/// A typical English word with its space, in bytes (a capacity estimate).
const BYTES_PER_WORD: usize = 5;

/// Byte offsets where words start.
pub fn word_starts(s: &str) -> Vec<usize> {
    // Room for a word every few bytes, so the vector rarely grows.
    let mut out = Vec::with_capacity(s.len() / BYTES_PER_WORD + 1);
    // The two characters before the current one, kept as the scan goes
    // rather than decoded again backwards at each word.
    // Whether each of the two characters before the current one is
    // alphanumeric, and whether the one right before joins words; only
    // characters outside ASCII are decoded.
    let (mut prev_alnum, mut prev2_alnum, mut prev_joiner) = (false, false, false);
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let (alnum, joiner, len) = if b.is_ascii() {
            (b.is_ascii_alphanumeric(), matches!(b, b'-' | b'\'' | b'.'), 1)
        } else {
            let c = s[i..].chars().next().unwrap_or_default();
            (is_alphanumeric(c), c == '’', c.len_utf8())
        };
        if alnum && !prev_alnum && !(prev_joiner && prev2_alnum) {
            out.push(i);
        }
        // The ASCII letters and digits after a word character start no
        // word: they are passed in one tight loop, and the two characters
        // before the next are word characters, no joiner.
        let run = if alnum {
            bytes[i + len..].iter().take_while(|b| b.is_ascii_alphanumeric()).count()
        } else {
            0
        };
        if run > 0 {
            (prev_alnum, prev2_alnum, prev_joiner) = (true, true, false);
            i += len + run;
            continue;
        }
        prev2_alnum = prev_alnum;
        prev_alnum = alnum;
        prev_joiner = joiner;
        i += len;
    }
    out
}

/// `c.is_alphanumeric()`, answered without the Unicode tables for the
/// general punctuation (U+2000 to U+206F: curly quotes and apostrophes,
/// dashes, special spaces), which holds no letter or digit (a test checks
/// every one): news text is full of these marks.
fn is_alphanumeric(c: char) -> bool {
    !('\u{2000}'..='\u{206F}').contains(&c) && c.is_alphanumeric()
}

/// The last `n` (at most) of the [`word_starts`] of `s` before byte `end`
/// (a char boundary), in order, found by reading back from `end` rather
/// than scanning `s` from its start. Whether a word starts at a character
/// depends only on it and the two characters before it (a word character
/// after neither a word character nor a joiner glued to one), so each is
/// decided as the scan back reaches the second character before it.
pub fn word_starts_before(s: &str, end: usize, n: usize) -> Vec<usize> {
    let alnum = |c: Option<(usize, char)>| c.is_some_and(|(_, c)| is_alphanumeric(c));
    let joiner =
        |c: Option<(usize, char)>| c.is_some_and(|(_, c)| matches!(c, '-' | '\'' | '.' | '’'));
    let mut out = Vec::with_capacity(n);
    let mut back = s[..end].char_indices().rev();
    // The character tried, and the two before it.
    let (mut cur, mut prev, mut prev2) = (back.next(), back.next(), back.next());
    while let Some((i, c)) = cur {
        if out.len() == n {
            break;
        }
        if is_alphanumeric(c) && !alnum(prev) && !(joiner(prev) && alnum(prev2)) {
            out.push(i);
        }
        (cur, prev, prev2) = (prev, prev2, back.next());
    }
    out.reverse();
    out
}

/// True when a word starts at byte `at` of `s`: `at` is one of
/// [`word_starts`]`(s)`.
pub fn is_word_start(s: &str, at: usize) -> bool {
    let Some(c) = s.get(at..).and_then(|t| t.chars().next()) else { return false };
    word_starts_before(s, at + c.len_utf8(), 1) == [at]
}

/// True when `s` holds the end of a sentence: `.`, `!` or `?` followed by
/// white space, after a word that is not an abbreviation or initial.
pub fn has_sentence_end(s: &str) -> bool {
    last_sentence_end(s).is_some()
}

/// [`has_sentence_end`] of `s` with a space after it (its last character
/// then counts as followed by white space), without making that copy.
pub fn has_sentence_end_before_space(s: &str) -> bool {
    memchr::memrchr3_iter(b'.', b'!', b'?', s.as_bytes()).any(|i| ends_sentence_at(s, i, true))
}

/// True when the `.`, `!` or `?` at byte `i` of `s` ends a sentence: white
/// space (or, with `at_end`, the end of `s`) follows, and a period does not
/// close an abbreviation or an initial (`Mr.`, `Feb.`, `J.`).
pub(crate) fn ends_sentence_at(s: &str, i: usize, at_end: bool) -> bool {
    let b = s.as_bytes();
    if !matches!(b[i], b'.' | b'!' | b'?') {
        return false;
    }
    // A no-break space (U+00A0, bytes C2 A0) separates sentences in
    // scraped text as often as a plain one.
    let followed = match b.get(i + 1) {
        Some(n) => n.is_ascii_whitespace() || (*n == 0xC2 && b.get(i + 2) == Some(&0xA0)),
        None => at_end,
    };
    if !followed {
        return false;
    }
    if b[i] == b'.' {
        let w = &s[last_word_start(&s[..i])..=i];
        let is_initial = w.len() == 2 && w.as_bytes()[0].is_ascii_uppercase();
        if lexicon::abbreviations().contains(w) || is_initial {
            return false;
        }
    }
    true
}

/// Offset just after the last sentence end in `s`.
pub fn last_sentence_end(s: &str) -> Option<usize> {
    // Only `.`, `!` and `?` can end one: jump between them.
    memchr::memrchr3_iter(b'.', b'!', b'?', s.as_bytes())
        .find(|&i| ends_sentence_at(s, i, false))
        .map(|i| i + 1)
}

/// Offset where the last white-space-separated word of `s` starts.
fn last_word_start(s: &str) -> usize {
    s.char_indices().rev().find(|(_, c)| c.is_whitespace()).map_or(0, |(p, c)| p + c.len_utf8())
}

/// Offset of the first sentence end in `s` (or its length).
pub fn first_sentence_end(s: &str) -> usize {
    memchr::memchr3_iter(b'.', b'!', b'?', s.as_bytes())
        .find(|&i| ends_sentence_at(s, i, true))
        .map_or(s.len(), |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::super::speaker::Who;
    use super::*;

    fn name(f: &Frame) -> String {
        match &f.speaker.who {
            Who::Name { name, .. } => name.clone(),
            Who::Pronoun(p) => p.clone(),
            Who::Description { text, .. } => text.clone(),
        }
    }

    #[test]
    fn speech_verb_accepts_particle_verbs() {
        assert_eq!(speech_verb("pointed out that"), Ok((" that", "pointed out".to_string())));
        assert_eq!(speech_verb("said,"), Ok((",", "said".to_string())));
    }

    #[test]
    fn speech_verb_rejects_other_verbs() {
        assert!(speech_verb("went home").is_err());
        assert!(speech_verb("greeted").is_err());
    }

    #[test]
    fn post_attribution_accepts_inverted_with_role() {
        let (_, f) = post_attribution(
            " said Yang Moo-jin, professor at the University of North Korean Studies. At",
        )
        .unwrap();
        assert_eq!(name(&f), "Yang Moo-jin");
        assert_eq!(
            f.speaker.role.as_deref(),
            Some("professor at the University of North Korean Studies")
        );
    }

    #[test]
    fn post_attribution_accepts_subject_first() {
        let (_, f) = post_attribution(" the Choson Sinbo article said. Through").unwrap();
        assert!(matches!(f.speaker.who, Who::Description { .. }));
        let (_, f) = post_attribution(" Biegun said.").unwrap();
        assert_eq!((name(&f), f.cue.as_deref()), ("Biegun".to_string(), Some("said")));
        let (_, f) = post_attribution(" he said during a Blue House meeting").unwrap();
        assert_eq!(name(&f), "he");
    }

    #[test]
    fn post_attribution_rejects_prose() {
        assert!(post_attribution(" that it has requested since the Singapore summit").is_err());
        assert!(post_attribution(" for denuclearization discussions.").is_err());
    }

    #[test]
    fn pre_attribution_accepts_seed_frames() {
        let f = pre_attribution(
            "In remarks the same day, Blue House Spokesperson Ko Min-jung said, ",
            Reach::Near,
        )
        .unwrap();
        assert_eq!(name(&f), "Ko Min-jung");
        let f = pre_attribution(
            "Cho Sung-ryul, a research consultant for the Institute for National Security Strategy (INSS), observed, ",
            Reach::Near,
        )
        .unwrap();
        assert_eq!(name(&f), "Cho Sung-ryul");
        let f = pre_attribution("During his meeting with Kang, Biegun said that his discussion with North Korea had been ", Reach::Clause).unwrap();
        assert_eq!(name(&f), "Biegun");
    }

    #[test]
    fn pre_attribution_accepts_quoted_as_saying() {
        let f = pre_attribution(
            "On Feb. 26, US news website Vox quoted anonymous sources who are familiar with the North Korea-US negotiations as saying that ",
            Reach::Clause,
        )
        .unwrap();
        assert!(matches!(f.speaker.who, Who::Description { .. }), "{f:?}");
        assert_eq!(f.cue.as_deref(), Some("quoted as saying"));
    }

    #[test]
    fn pre_attribution_rejects_frames_beyond_reach() {
        assert!(pre_attribution("The Blue House said the summit, which was held in a city far from here after many long weeks of careful preparation by both of the sides, would be ", Reach::Near).is_none());
        assert!(pre_attribution("The summit was a ", Reach::Clause).is_none());
    }

    /// [`word_starts`] as first written, over decoded characters.
    fn word_starts_reference(s: &str) -> Vec<usize> {
        let mut out = Vec::new();
        let (mut prev, mut prev2): (Option<char>, Option<char>) = (None, None);
        let mut prev_alnum = false;
        for (i, c) in s.char_indices() {
            let alnum = c.is_alphanumeric();
            if alnum && !prev_alnum {
                let glued = prev.is_some_and(|p| matches!(p, '-' | '’' | '\'' | '.'))
                    && prev2.is_some_and(char::is_alphanumeric);
                if !glued {
                    out.push(i);
                }
            }
            prev2 = prev;
            prev = Some(c);
            prev_alnum = alnum;
        }
        out
    }

    #[test]
    fn is_alphanumeric_agrees_with_the_unicode_tables() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn word_starts_agree_with_decoding_every_character() {
        for s in [
            "",
            "Kim Jong-un’s U.S. visit",
            "a -b c- d 'e f' g.h",
            "café ’s x’y 3.5 é-é",
            "“Quote,” he said.",
        ] {
            assert_eq!(word_starts(s), word_starts_reference(s), "{s:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn word_starts_agree_everywhere(s in "[a-zA-Z0-9 .,'’\\-\u{e9}\u{201c}\u{2010}\u{4e00}]{0,30}") {
            proptest::prop_assert_eq!(word_starts(&s), word_starts_reference(&s));
        }
    }

    /// [`word_starts_before`] and [`is_word_start`] against [`word_starts`].
    fn check_word_starts_before(s: &str) -> Result<(), proptest::test_runner::TestCaseError> {
        let all = word_starts(s);
        for (end, _) in s.char_indices().chain([(s.len(), ' ')]) {
            let before: Vec<usize> = all.iter().copied().filter(|&i| i < end).collect();
            for n in [0, 1, 2, 25, 100] {
                let want = &before[before.len().saturating_sub(n)..];
                proptest::prop_assert_eq!(
                    word_starts_before(s, end, n),
                    want,
                    "{:?} {} {}",
                    s,
                    end,
                    n
                );
            }
            proptest::prop_assert_eq!(is_word_start(s, end), all.contains(&end), "{:?} {}", s, end);
        }
        Ok(())
    }

    #[test]
    fn word_starts_before_read_back_from_the_end() {
        for s in ["", "Kim Jong-un’s U.S. visit", "a -b c- d 'e f' g.h", "café ’s x’y 3.5 é-é"]
        {
            check_word_starts_before(s).unwrap();
        }
    }

    proptest::proptest! {
        #[test]
        fn word_starts_before_agree_everywhere(s in "[a-zA-Z0-9 .,'’\\-\u{e9}\u{201c}\u{2010}\u{4e00}]{0,30}") {
            check_word_starts_before(&s)?;
        }
    }

    #[test]
    fn a_sentence_end_before_a_space_needs_no_copy() {
        for s in ["", "He left.", "Mr.", "J.", "U.S.", "Feb. 3", "Why?", "a.b", "x!", "No. Mr."] {
            assert_eq!(
                has_sentence_end_before_space(s),
                has_sentence_end(&format!("{s} ")),
                "{s:?}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn a_sentence_end_before_a_space_agrees_with_the_copy(s in "(Mr|J|U|S|Feb|he|left|\\.|!|\\?| |\u{a0}|\u{e9})*") {
            proptest::prop_assert_eq!(has_sentence_end_before_space(&s), has_sentence_end(&format!("{s} ")));
        }
    }

    #[test]
    fn sentence_ends_skip_abbreviations() {
        assert_eq!(last_sentence_end("He met Mr. Kim. Then "), Some(15));
        assert_eq!(first_sentence_end("said Lt. Col. Smith. Next"), 20);
        // A no-break space after the stop.
        assert_eq!(last_sentence_end("He left.\u{a0}Then "), Some(8));
    }

    #[test]
    fn colon_intro_accepts_names_and_subjects_before_colons() {
        let starts = word_starts("Republican pollster Daron Shaw: ");
        let f = colon_intro("Republican pollster Daron Shaw: ", &starts).unwrap();
        assert_eq!(name(&f), "Daron Shaw");
        let w = "In a Fox interview later that day, Trump went even further: ";
        assert_eq!(name(&colon_intro(w, &word_starts(w)).unwrap()), "Trump");
        let w = "Trump also embraced enhanced interrogation techniques -- ";
        assert_eq!(name(&colon_intro(w, &word_starts(w)).unwrap()), "Trump");
    }

    #[test]
    fn colon_intro_rejects_windows_without_colon() {
        let w = "Republican pollster Daron Shaw said ";
        assert!(colon_intro(w, &word_starts(w)).is_none());
    }

    #[test]
    fn sentence_subject_accepts_subject_after_opening_clause() {
        let w = "In remarks the same day, Blue House Spokesperson Ko Min-jung went on ";
        assert_eq!(sentence_subject(w, &word_starts(w)).map(|s| s.who), {
            let (_, who) =
                super::super::speaker::name_phrase("Blue House Spokesperson Ko Min-jung").unwrap();
            Some(who)
        });
    }

    #[test]
    fn sentence_subject_rejects_objects() {
        let w = "The summit was praised by Moon ";
        assert!(sentence_subject(w, &word_starts(w)).is_none());
    }

    #[test]
    fn slot_verb_accepts_any_past_tense_after_a_quote() {
        let (_, f) = post_attribution(" beamed Donald Hartley of Madison, Alabama.").unwrap();
        assert_eq!((name(&f), f.cue.as_deref()), ("Donald Hartley".to_string(), Some("beamed")));
    }

    #[test]
    fn slot_verb_rejects_past_tense_before_descriptions() {
        assert!(post_attribution(" rained down on the crowd.").is_err());
    }
}
