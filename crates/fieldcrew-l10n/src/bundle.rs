//! One Fluent catalogue file in one language, parsed once for the process.
//!
//! The `.ftl` texts are compiled into the binary (`include_str!`), so the
//! phone needs no files; each is parsed the first time a screen asks for
//! it and kept. The bundle is the concurrent one: the server renders pages
//! on many threads from the same statics.

use std::borrow::Cow;
use std::fmt;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_syntax::ast;
use unic_langid::LanguageIdentifier;

/// The languages every catalogue is written in; Chinese comes first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Locale {
    #[default]
    ZhCn,
    En,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::ZhCn, Locale::En];

    /// The BCP 47 tag, also the folder name under `ftl/`.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::ZhCn => "zh-CN",
            Locale::En => "en",
        }
    }

    fn langid(self) -> LanguageIdentifier {
        match self {
            Locale::ZhCn => unic_langid::langid!("zh-CN"),
            Locale::En => unic_langid::langid!("en"),
        }
    }
}

/// One parsed `.ftl` file in one language.
pub struct Catalogue {
    file: &'static str,
    locale: Locale,
    source: &'static str,
    bundle: FluentBundle<FluentResource>,
    /// Syntax errors, kept for the tests; the entries that did parse still work.
    parse_errors: Vec<String>,
}

impl Catalogue {
    /// Parses `source` (the `.ftl` text of `file` in `locale`). A syntax error
    /// never stops the app: the rest of the file is used and the error kept.
    pub fn parse(file: &'static str, locale: Locale, source: &'static str) -> Catalogue {
        let (resource, parse_errors) = match FluentResource::try_new(source.to_string()) {
            Ok(resource) => (resource, Vec::new()),
            Err((resource, errors)) => (resource, errors.iter().map(|e| format!("{e:?}")).collect()),
        };
        let mut bundle = FluentBundle::new_concurrent(vec![locale.langid()]);
        // Without this every argument comes wrapped in U+2068/U+2069, which
        // the console's HTML and the CSV would carry verbatim.
        bundle.set_use_isolating(false);
        let mut parse_errors = parse_errors;
        if let Err(errors) = bundle.add_resource(resource) {
            parse_errors.extend(errors.iter().map(|e| format!("{e:?}")));
        }
        Catalogue { file, locale, source, bundle, parse_errors }
    }

    pub fn file(&self) -> &'static str {
        self.file
    }

    pub fn locale(&self) -> Locale {
        self.locale
    }

    pub fn parse_errors(&self) -> &[String] {
        &self.parse_errors
    }

    /// The ids of the file's messages, in file order.
    /// Parses the text again: for the tests, not kept in memory.
    pub fn message_ids(&self) -> Vec<String> {
        let resource = FluentResource::try_new(self.source.to_string()).unwrap_or_else(|(r, _)| r);
        resource
            .entries()
            .filter_map(|entry| match entry {
                ast::Entry::Message(m) => Some(m.id.name.to_string()),
                _ => None,
            })
            .collect()
    }

    /// The variables (`$n`) a message uses, sorted.
    pub fn variables(&self, id: &str) -> Vec<String> {
        let mut names = Vec::new();
        if let Some(pattern) = self.bundle.get_message(id).and_then(|m| m.value()) {
            collect_variables(pattern, &mut names);
        }
        names.sort();
        names.dedup();
        names
    }

    /// A message without arguments, borrowed from the parsed file when it is
    /// plain text (almost always), so filling a catalogue struct copies nothing.
    pub fn text(&'static self, id: &'static str) -> &'static str {
        match self.bundle.get_message(id).and_then(|m| m.value()) {
            Some(pattern) => {
                let mut errors = Vec::new();
                match self.bundle.format_pattern(pattern, None, &mut errors) {
                    Cow::Borrowed(text) => text,
                    // Built once per message and language for the process.
                    Cow::Owned(text) => text.leak(),
                }
            }
            None => {
                self.report_missing(id);
                id
            }
        }
    }

    /// A message with its arguments filled in.
    pub fn format(&self, id: &str, args: &[(&str, Arg<'_>)]) -> String {
        let Some(pattern) = self.bundle.get_message(id).and_then(|m| m.value()) else {
            self.report_missing(id);
            return id.to_string();
        };
        let mut fluent_args = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            fluent_args.set(*name, value.0.clone());
        }
        let mut errors = Vec::new();
        self.bundle.format_pattern(pattern, Some(&fluent_args), &mut errors).into_owned()
    }

    /// A missing message shows its id (the tests keep this from shipping)
    /// rather than stopping a screen.
    fn report_missing(&self, id: &str) {
        eprintln!("fieldcrew-l10n: no message `{id}` in {}/{}.ftl", self.locale.tag(), self.file);
    }
}

impl fmt::Debug for Catalogue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Catalogue({}/{}.ftl)", self.locale.tag(), self.file)
    }
}

impl PartialEq for Catalogue {
    fn eq(&self, other: &Self) -> bool {
        self.file == other.file && self.locale == other.locale
    }
}

impl Eq for Catalogue {}

fn collect_variables(pattern: &ast::Pattern<&str>, names: &mut Vec<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            collect_expression(expression, names);
        }
    }
}

fn collect_expression(expression: &ast::Expression<&str>, names: &mut Vec<String>) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            collect_inline(selector, names);
            for variant in variants {
                collect_variables(&variant.value, names);
            }
        }
        ast::Expression::Inline(inline) => collect_inline(inline, names),
    }
}

fn collect_inline(inline: &ast::InlineExpression<&str>, names: &mut Vec<String>) {
    match inline {
        ast::InlineExpression::VariableReference { id } => names.push(id.name.to_string()),
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for arg in &arguments.positional {
                collect_inline(arg, names);
            }
        }
        ast::InlineExpression::Placeable { expression } => collect_expression(expression, names),
        _ => {}
    }
}

/// One argument of a message: a number (which picks the plural form) or text.
#[derive(Clone, Debug)]
pub struct Arg<'a>(FluentValue<'a>);

macro_rules! number_args {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg<'_> {
            fn from(n: $t) -> Self {
                Arg(FluentValue::from(n))
            }
        }
    )*};
}
number_args!(u8, u16, u32, u64, usize, i8, i16, i32, i64, isize, f64);

impl<'a> From<&'a str> for Arg<'a> {
    fn from(text: &'a str) -> Self {
        Arg(FluentValue::from(text))
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(text: &'a String) -> Self {
        Arg(FluentValue::from(text.as_str()))
    }
}

impl From<String> for Arg<'_> {
    fn from(text: String) -> Self {
        Arg(FluentValue::from(text))
    }
}

/// A message that takes arguments, as a field of a catalogue struct:
/// `s.unsynced.format(&[("n", n.into())])`, usually behind a typed method.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Message {
    catalogue: &'static Catalogue,
    id: &'static str,
}

impl Message {
    pub fn new(catalogue: &'static Catalogue, id: &'static str) -> Message {
        Message { catalogue, id }
    }

    pub fn id(&self) -> &'static str {
        self.id
    }

    pub fn format(&self, args: &[(&str, Arg<'_>)]) -> String {
        self.catalogue.format(self.id, args)
    }
}

impl fmt::Debug for Message {
    /// The message with its variables unfilled (`{$n} 条未同步`), so a
    /// catalogue's Debug output still shows every word in its language.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.catalogue.format(self.id, &[]), f)
    }
}
