//! Every `.ftl` file parses in both languages and holds the same messages
//! with the same variables in each; arguments come out without Unicode
//! isolation marks; English counts take their plural form.

use fieldcrew_l10n::{Locale, files};

#[test]
fn every_file_parses_and_both_languages_hold_the_same_messages() {
    let mut problems = Vec::new();
    for file in files::ALL {
        let [zh, en] = Locale::ALL.map(|l| file.get(l));
        for catalogue in [zh, en] {
            for error in catalogue.parse_errors() {
                problems.push(format!("{}/{}.ftl: {error}", catalogue.locale().tag(), file.name));
            }
        }
        let (zh_ids, en_ids) = (zh.message_ids(), en.message_ids());
        assert!(!zh_ids.is_empty(), "{}.ftl holds no message", file.name);
        for id in zh_ids.iter().filter(|id| !en_ids.contains(id)) {
            problems.push(format!("{}.ftl: `{id}` in zh-CN only", file.name));
        }
        for id in en_ids.iter().filter(|id| !zh_ids.contains(id)) {
            problems.push(format!("{}.ftl: `{id}` in en only", file.name));
        }
        for id in zh_ids.iter().filter(|id| en_ids.contains(id)) {
            if zh.variables(id) != en.variables(id) {
                problems.push(format!("{}.ftl: `{id}` takes other variables in zh-CN than in en", file.name));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_syntax_error_is_reported_and_the_rest_of_the_file_still_reads() {
    let broken = fieldcrew_l10n::Catalogue::parse(
        "broken",
        Locale::En,
        "good = Fine\nbad = { $n \nlater = Still here\n",
    );
    assert!(!broken.parse_errors().is_empty(), "the unclosed placeable is an error");
    let broken: &'static _ = Box::leak(Box::new(broken));
    assert_eq!(broken.text("good"), "Fine");
    assert_eq!(broken.text("later"), "Still here");
}

#[test]
fn a_missing_message_shows_its_id_instead_of_stopping_the_screen() {
    let catalogue: &'static _ =
        Box::leak(Box::new(fieldcrew_l10n::Catalogue::parse("tiny", Locale::ZhCn, "a = 甲\n")));
    assert_eq!(catalogue.text("no_such_word"), "no_such_word");
    assert_eq!(catalogue.format("no_such_word", &[]), "no_such_word");
}

#[test]
fn arguments_carry_no_isolation_marks_and_english_counts_are_plural() {
    let source = "records = { $n ->\n    [one] 1 record\n   *[other] { $n } records\n} for { $who }\n";
    let en: &'static _ = Box::leak(Box::new(fieldcrew_l10n::Catalogue::parse("t", Locale::En, source)));
    assert_eq!(en.format("records", &[("n", 1u64.into()), ("who", "CREW-1".into())]), "1 record for CREW-1");
    assert_eq!(en.format("records", &[("n", 3u64.into()), ("who", "CREW-1".into())]), "3 records for CREW-1");
    let zh: &'static _ = Box::leak(Box::new(fieldcrew_l10n::Catalogue::parse("t", Locale::ZhCn, source)));
    // Chinese has one form: `other` for every count.
    assert_eq!(zh.format("records", &[("n", 1u64.into()), ("who", "一班".into())]), "1 records for 一班");
    for file in files::ALL {
        for locale in Locale::ALL {
            let catalogue = file.get(locale);
            for id in catalogue.message_ids() {
                let text = catalogue.format(&id, &[]);
                assert!(!text.contains(['\u{2068}', '\u{2069}']), "{id} in {}.ftl", file.name);
            }
        }
    }
}

#[test]
fn the_domain_words_and_rules_match_domain_ftl() {
    let ids =
        [fieldcrew_l10n::DomainWords::MESSAGE_IDS, fieldcrew_l10n::rules::RuleWords::MESSAGE_IDS].concat();
    let problems = fieldcrew_l10n::catalogue::check_file(&files::DOMAIN, &ids, &[]);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!(fieldcrew_l10n::ZH_CN.status_restored, "已送电");
    assert_eq!(fieldcrew_l10n::EN.rules.rule_unknown_order, "The server holds no such order");
}
