//! `catalogue!`: a typed face over one `.ftl` file. Each message is a field
//! named exactly like its Fluent id, so a screen that asks for a word the
//! struct lacks does not compile, and `check` finds a message the struct
//! lacks or a field the file lacks.

/// Declares a catalogue struct filled from one `.ftl` file.
///
/// ```ignore
/// fieldcrew_l10n::catalogue! {
///     /// The phone's words in one language.
///     pub struct Strings {
///         // Fields that are not messages, passed to `from_catalogue`.
///         extra { pub words: &'static DomainWords, }
///         // Plain messages: `&'static str`, id = field name.
///         texts { pub app_title, /** doc */ pub orders_heading, }
///         // Messages with arguments: `fieldcrew_l10n::Message`.
///         formats { pub unsynced, }
///     }
/// }
/// // Strings::from_catalogue(fieldcrew_l10n::files::APP.get(locale), words)
/// ```
#[macro_export]
macro_rules! catalogue {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident {
            extra { $( $(#[$xm:meta])* $xv:vis $extra:ident : $xty:ty ),* $(,)? }
            texts { $( $(#[$tm:meta])* $tv:vis $text:ident ),* $(,)? }
            formats { $( $(#[$fm:meta])* $fv:vis $format:ident ),* $(,)? }
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, PartialEq, Eq)]
        $vis struct $name {
            $( $(#[$xm])* $xv $extra: $xty, )*
            $( $(#[$tm])* $tv $text: &'static str, )*
            $( $(#[$fm])* $fv $format: $crate::Message, )*
        }

        impl $name {
            /// The Fluent ids this struct reads, in field order.
            pub const MESSAGE_IDS: &'static [&'static str] = &[$(stringify!($text),)* $(stringify!($format),)*];
            /// The ids of the messages that take arguments.
            pub const FORMAT_IDS: &'static [&'static str] = &[$(stringify!($format),)*];

            /// Fills every field from `catalogue` once; keep the result for the process.
            #[allow(clippy::too_many_arguments)]
            pub fn from_catalogue(catalogue: &'static $crate::Catalogue $(, $extra: $xty)*) -> Self {
                $name {
                    $( $extra, )*
                    $( $text: catalogue.text(stringify!($text)), )*
                    $( $format: $crate::Message::new(catalogue, stringify!($format)), )*
                }
            }
        }
    };
}

/// What is wrong between a catalogue struct and its `.ftl` file in one
/// language: messages the struct lacks (unused keys), fields the file lacks
/// (missing keys), plain fields whose message takes variables, parse errors.
pub fn check(catalogue: &crate::Catalogue, message_ids: &[&str], format_ids: &[&str]) -> Vec<String> {
    let place = format!("{}/{}.ftl", catalogue.locale().tag(), catalogue.file());
    let mut problems: Vec<String> =
        catalogue.parse_errors().iter().map(|e| format!("{place}: {e}")).collect();
    let in_file = catalogue.message_ids();
    let mut seen = std::collections::HashSet::new();
    for id in &in_file {
        if !seen.insert(id.as_str()) {
            problems.push(format!("{place}: `{id}` twice"));
        }
        if !message_ids.contains(&id.as_str()) {
            problems.push(format!("{place}: `{id}` is used by no field (unused key)"));
        }
    }
    for id in message_ids {
        if !in_file.iter().any(|f| f == id) {
            problems.push(format!("{place}: no message for field `{id}` (missing key)"));
        } else if !format_ids.contains(id) && !catalogue.variables(id).is_empty() {
            problems.push(format!("{place}: `{id}` takes variables; put it under formats"));
        }
    }
    problems
}

/// [`check`] for both languages, plus: a message with arguments takes the
/// same variables in each.
pub fn check_file(file: &'static crate::FtlFile, message_ids: &[&str], format_ids: &[&str]) -> Vec<String> {
    let mut problems = Vec::new();
    for locale in crate::Locale::ALL {
        problems.extend(check(file.get(locale), message_ids, format_ids));
    }
    let [zh, en] = crate::Locale::ALL.map(|l| file.get(l));
    for id in format_ids {
        if zh.variables(id) != en.variables(id) {
            problems.push(format!(
                "{}.ftl: `{id}` takes {:?} in zh-CN but {:?} in en",
                file.name,
                zh.variables(id),
                en.variables(id)
            ));
        }
    }
    problems
}
