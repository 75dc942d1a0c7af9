//! Each console catalogue struct and its `.ftl` file agree: no message the
//! struct lacks (an unused key), no field without a message (a missing
//! key), in both languages, and the struct fills without a placeholder.

use super::close_out_section::CloseOutWords;
use super::crew_area::CrewAreaWords;
use super::follow_up_i18n::FollowUpStrings;
use super::i18n::{Lang, Strings};
use super::live_i18n::LiveStrings;
use super::routine_i18n::RoutineStrings;
use fieldcrew_l10n::catalogue::check_file;
use fieldcrew_l10n::files;

#[test]
fn every_console_catalogue_matches_its_ftl_file_in_both_languages() {
    let mut problems = Vec::new();
    problems.extend(check_file(&files::CONSOLE, Strings::MESSAGE_IDS, Strings::FORMAT_IDS));
    problems.extend(check_file(
        &files::CONSOLE_FOLLOW_UP,
        FollowUpStrings::MESSAGE_IDS,
        FollowUpStrings::FORMAT_IDS,
    ));
    problems.extend(check_file(&files::CONSOLE_LIVE, LiveStrings::MESSAGE_IDS, LiveStrings::FORMAT_IDS));
    problems.extend(check_file(
        &files::CONSOLE_ROUTINE,
        RoutineStrings::MESSAGE_IDS,
        RoutineStrings::FORMAT_IDS,
    ));
    problems.extend(check_file(
        &files::CONSOLE_CLOSE_OUT,
        CloseOutWords::MESSAGE_IDS,
        CloseOutWords::FORMAT_IDS,
    ));
    problems.extend(check_file(
        &files::CONSOLE_CREW_AREA,
        CrewAreaWords::MESSAGE_IDS,
        CrewAreaWords::FORMAT_IDS,
    ));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_console_reads_its_words_and_numbers_from_the_ftl_files() {
    assert_eq!(Lang::ZhCn.strings().console_title, "抢修调度台");
    assert_eq!(Lang::En.strings().console_title, "Repair dispatch console");
    assert_eq!(Lang::ZhCn.live().needs_action, "待处理");
    let minutes = |lang: Lang| {
        lang.follow_up()
            .area_minutes
            .format(&[("area", lang.strings().words.area_urban.into()), ("n", 45u32.into())])
    };
    assert_eq!(minutes(Lang::ZhCn), "城区（45分钟）");
    assert_eq!(minutes(Lang::En), "Urban (45 min)");
}
