//! Every user-visible string lives in the catalogues: both languages fill
//! every field (the struct enforces that at compile time), no field is left
//! empty or untranslated by accident, and the screens hold no Chinese text
//! of their own.

use fieldcrew_ui::Lang;

fn fields(lang: Lang) -> Vec<(String, String)> {
    // Debug prints `name: "value"` for each field of the catalogue struct,
    // and of the shared domain words nested in it (`words: DomainWords {`).
    let text = format!("{:#?}", lang.strings());
    text.lines()
        .filter_map(|line| line.trim().split_once(": "))
        .filter(|(_, v)| !v.ends_with('{'))
        .map(|(k, v)| (k.to_string(), v.trim_end_matches(',').trim_matches('"').to_string()))
        .collect()
}

#[test]
fn both_catalogues_have_every_key_and_no_empty_value() {
    let zh = fields(Lang::ZhCn);
    let en = fields(Lang::En);
    assert!(zh.len() > 100, "the catalogue parsed: {}", zh.len());
    assert_eq!(zh.iter().map(|(k, _)| k).collect::<Vec<_>>(), en.iter().map(|(k, _)| k).collect::<Vec<_>>());
    for (key, value) in zh.iter().chain(&en) {
        assert!(!value.trim().is_empty(), "{key} is empty");
    }
}

#[test]
fn the_chinese_catalogue_is_chinese_and_the_english_one_is_not() {
    let has_han = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    let zh = fields(Lang::ZhCn);
    let en = fields(Lang::En);
    // The language switch shows the other language's name on purpose.
    for (key, value) in &en {
        assert!(key == "switch_language" || !has_han(value), "English `{key}` holds Chinese: {value}");
    }
    // A message that is only punctuation around its arguments (`labelled`,
    // "{ $label }：{ $value }") is Chinese by its full-width colon.
    let chinese = |s: &str| has_han(s) || s.chars().any(|c| ('\u{ff01}'..='\u{ff5e}').contains(&c));
    let untranslated: Vec<_> = zh.iter().filter(|(k, v)| k != "switch_language" && !chinese(v)).collect();
    assert!(untranslated.is_empty(), "Chinese entries without Chinese: {untranslated:?}");
}

#[test]
fn no_screen_holds_chinese_text_outside_the_catalogues() {
    let src = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
    let mut offenders = Vec::new();
    let mut stack = vec![std::path::PathBuf::from(src)];
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            stack.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
        } else if path.extension().is_some_and(|e| e == "rs") && !path.to_string_lossy().contains("i18n") {
            let text = std::fs::read_to_string(&path).unwrap();
            // Unit tests at the end of a file may quote Chinese input.
            for (n, line) in text.lines().enumerate().take_while(|(_, l)| !l.contains("#[cfg(test)]")) {
                let code = line.split("//").next().unwrap_or_default();
                if code.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) {
                    offenders.push(format!("{}:{}: {line}", path.display(), n + 1));
                }
            }
        }
    }
    assert!(offenders.is_empty(), "text outside the catalogues:\n{}", offenders.join("\n"));
}

#[test]
fn the_phone_catalogue_matches_app_ftl_in_both_languages() {
    use fieldcrew_l10n::catalogue::check_file;
    use fieldcrew_ui::i18n::Strings;
    let problems = check_file(&fieldcrew_l10n::files::APP, Strings::MESSAGE_IDS, Strings::FORMAT_IDS);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn counts_read_naturally_in_english_and_chinese() {
    let (zh, en) = (Lang::ZhCn.strings(), Lang::En.strings());
    assert_eq!(en.unsynced_summary(1, 0), "1 record is not uploaded yet");
    assert_eq!(en.unsynced_summary(3, 1), "3 records and 1 photo are not uploaded yet");
    assert_eq!(en.unsynced_summary(0, 2), "2 photos are not uploaded yet");
    assert_eq!(zh.unsynced_summary(3, 2), "3 条记录、2 张照片还没有上传");
    assert_eq!(en.unsynced_count(1), "1 not synced");
    assert_eq!(zh.unsynced_count(4), "4 条未同步");
    assert_eq!(en.alert_more(2), "2 more new or changed orders not opened yet");
}
