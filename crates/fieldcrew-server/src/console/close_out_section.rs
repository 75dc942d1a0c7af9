//! The order page's close-out: the materials the crew recorded (the latest
//! record counts) and the photos of the completed work, or a warning that
//! the order was restored without one. Its words live here (zh-CN first).

use std::sync::LazyLock;

use super::i18n::Lang;
use crate::db::{ServerOrder, StoredMedia};
use fieldcrew_domain::event::EventKind;
use fieldcrew_l10n::Locale;
use maud::{Markup, html};
fieldcrew_l10n::catalogue! {
    pub struct CloseOutWords {
        extra {}
        texts {
            pub materials,
            pub no_materials,
            pub none_used,
            pub col_material,
            pub col_quantity,
            pub col_code,
            pub col_unit,
            pub col_orders,
            pub completion_photos,
            pub completion_photo,
            pub no_completion_photo,
            pub waiting_upload,
            /// The report CSV's column header.
            pub csv_materials,
            /// The monthly report's totals table.
            pub materials_totals,
        }
        formats {}
    }
}

pub static ZH_CN: LazyLock<CloseOutWords> = LazyLock::new(|| {
    CloseOutWords::from_catalogue(fieldcrew_l10n::files::CONSOLE_CLOSE_OUT.get(Locale::ZhCn))
});

pub static EN: LazyLock<CloseOutWords> =
    LazyLock::new(|| CloseOutWords::from_catalogue(fieldcrew_l10n::files::CONSOLE_CLOSE_OUT.get(Locale::En)));

pub fn words(lang: Lang) -> &'static CloseOutWords {
    match lang {
        Lang::ZhCn => &ZH_CN,
        Lang::En => &EN,
    }
}

/// The completion photos the order's counted events name, in order taken.
pub fn completion_media(order: &ServerOrder) -> Vec<fieldcrew_domain::MediaId> {
    order
        .events
        .iter()
        .filter(|e| e.counted)
        .filter_map(|e| match &e.event.kind {
            EventKind::CompletionPhoto { photo } => Some(photo.media),
            _ => None,
        })
        .collect()
}

pub fn section(lang: Lang, order: &ServerOrder) -> Markup {
    let w = words(lang);
    let photos: Vec<Option<&StoredMedia>> =
        completion_media(order).into_iter().map(|id| order.media.iter().find(|m| m.id == id)).collect();
    let restored = order.state.restored_at.is_some() || order.state.closed_at.is_some();
    html! {
        h2 { (w.materials) }
        section data-testid="materials" {
            @match &order.state.materials {
                None => p.muted { (w.no_materials) },
                Some(items) if items.is_empty() => p { (w.none_used) },
                Some(items) => table.materials {
                    thead { tr { th { (w.col_material) } th { (w.col_quantity) } } }
                    tbody { @for m in items {
                        tr data-code=(m.code) { td { (m.name) } td.quantity { (m.quantity) " " (m.unit) } }
                    } }
                },
            }
        }
        h2 { (w.completion_photos) }
        section data-testid="completion-photos" {
            @if photos.is_empty() {
                @if restored { p.chip.warn data-testid="no-completion-photo" { (w.no_completion_photo) } }
                @else { p.muted { (w.no_completion_photo) } }
            }
            div.photos { @for (i, m) in photos.iter().enumerate() {
                @let caption = format!("{} {}", w.completion_photo, i + 1);
                figure {
                    @match m {
                        Some(m) if m.present => a href={ "/console/media/" (m.id) } {
                            img src={ "/console/media/" (m.id) } alt=(caption);
                        },
                        _ => span.muted { (w.waiting_upload) },
                    }
                    figcaption.muted { (caption) }
                }
            } }
        }
    }
}

/// The monthly report's totals: each material used on the counted orders.
pub fn totals(lang: Lang, totals: &[crate::report::MaterialTotal]) -> Markup {
    let w = words(lang);
    html! {
        h2 { (w.materials_totals) }
        @if totals.is_empty() { p.muted { (w.no_materials) } } @else {
            table data-testid="materials-totals" {
                thead { tr { th { (w.col_code) } th { (w.col_material) } th { (w.col_quantity) } th { (w.col_orders) } } }
                tbody { @for m in totals {
                    tr data-code=(m.code) { td { (m.code) } td { (m.name) } td.quantity { (m.quantity) " " (m.unit) } td { (m.orders) } }
                } }
            }
        }
    }
}
