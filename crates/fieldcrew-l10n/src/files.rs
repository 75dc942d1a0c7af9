//! Every `.ftl` file, compiled in. Add a line here for a new file (and the
//! file in both `ftl/zh-CN/` and `ftl/en/`); `tests/ftl_files.rs` then checks
//! it parses and that both languages hold the same messages.

use std::sync::LazyLock;

use crate::bundle::{Catalogue, Locale};

/// One `.ftl` file in both languages, each parsed at its first use.
pub struct FtlFile {
    pub name: &'static str,
    zh_cn: LazyLock<Catalogue>,
    en: LazyLock<Catalogue>,
}

impl FtlFile {
    pub fn get(&'static self, locale: Locale) -> &'static Catalogue {
        match locale {
            Locale::ZhCn => &self.zh_cn,
            Locale::En => &self.en,
        }
    }
}

macro_rules! ftl_file {
    ($(#[$doc:meta])* $static:ident = $name:literal) => {
        $(#[$doc])*
        pub static $static: FtlFile = FtlFile {
            name: $name,
            zh_cn: LazyLock::new(|| {
                Catalogue::parse($name, Locale::ZhCn, include_str!(concat!("../ftl/zh-CN/", $name, ".ftl")))
            }),
            en: LazyLock::new(|| Catalogue::parse($name, Locale::En, include_str!(concat!("../ftl/en/", $name, ".ftl")))),
        };
    };
}

ftl_file!(
    /// Statuses, steps, equipment, area classes and broken rules: every surface.
    DOMAIN = "domain"
);
ftl_file!(
    /// The phone's screens.
    APP = "app"
);
ftl_file!(
    /// The console's pages and the report CSV.
    CONSOLE = "console"
);
ftl_file!(
    /// The console's call-backs and monthly report.
    CONSOLE_FOLLOW_UP = "console-follow-up"
);
ftl_file!(
    /// The console's live dispatch: needs-action strip, order record, search.
    CONSOLE_LIVE = "console-live"
);
ftl_file!(
    /// The console's complaints and planned outages.
    CONSOLE_ROUTINE = "console-routine"
);
ftl_file!(
    /// The phone's daily check of tools, materials and vehicle.
    APP_DAILY_CHECK = "app-daily-check"
);
ftl_file!(
    /// The console's view of the crews' daily checks.
    CONSOLE_DAILY_CHECK = "console-daily-check"
);

ftl_file!(
    /// The phone's shift handover (交接班).
    APP_HANDOVER = "app-handover"
);
ftl_file!(
    /// The console's shift handover log (交接班记录).
    CONSOLE_HANDOVER = "console-handover"
);

ftl_file!(
    /// The phone's close-out (materials, completion photo) and planned outages.
    APP_CLOSE_OUT = "app-close-out"
);

ftl_file!(
    /// The words burnt into a photo's stamp (fieldcrew-media).
    STAMP = "stamp"
);

ftl_file!(
    /// The console order page's close-out section and the materials in the report.
    CONSOLE_CLOSE_OUT = "console-close-out"
);
ftl_file!(
    /// The console's crew areas and cancelling a planned outage.
    CONSOLE_CREW_AREA = "console-crew-area"
);
ftl_file!(
    /// The console's words when the media store fails (a photo not shown).
    CONSOLE_MEDIA = "console-media"
);
ftl_file!(
    /// The console's page for a request that could not be done (a full disk, a conflict).
    CONSOLE_ERRORS = "console-errors"
);

/// Every file, for the tests.
pub static ALL: [&FtlFile; 16] = [
    &DOMAIN,
    &APP,
    &CONSOLE,
    &CONSOLE_FOLLOW_UP,
    &CONSOLE_LIVE,
    &CONSOLE_ROUTINE,
    &APP_DAILY_CHECK,
    &CONSOLE_DAILY_CHECK,
    &APP_HANDOVER,
    &CONSOLE_HANDOVER,
    &STAMP,
    &APP_CLOSE_OUT,
    &CONSOLE_CLOSE_OUT,
    &CONSOLE_CREW_AREA,
    &CONSOLE_MEDIA,
    &CONSOLE_ERRORS,
];
