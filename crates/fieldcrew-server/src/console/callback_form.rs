//! The call-back form and the list of attempts, shown on the call-back list
//! and on the order page. Plain HTML forms with stable field names:
//! `reached` (yes/no), `satisfaction` (satisfied / fairly_satisfied /
//! dissatisfied), `note`, and the hidden `csrf` and `back`.

use super::layout::local_time;
use super::session::ConsoleSession;
use crate::db::{Callback, Satisfaction, ServerOrder, callback_due};
use maud::{Markup, html};

/// Where the form returns after saving.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Back {
    List,
    Order,
}

impl Back {
    pub fn code(self) -> &'static str {
        match self {
            Back::List => "list",
            Back::Order => "order",
        }
    }

    /// Only the two known places: the field can never redirect elsewhere.
    pub fn from_code(code: &str) -> Back {
        if code == Back::Order.code() { Back::Order } else { Back::List }
    }
}

/// What the dispatcher had entered in a form sent back with a message.
#[derive(Clone, Debug, Default)]
pub struct Entered {
    pub reached: String,
    pub satisfaction: String,
    pub note: String,
}

pub fn form(session: &ConsoleSession, order: &ServerOrder, back: Back) -> Markup {
    form_with(session, order, back, &Entered::default())
}

/// The form with what was entered before still in it.
pub fn form_with(session: &ConsoleSession, order: &ServerOrder, back: Back, entered: &Entered) -> Markup {
    let f = session.lang.follow_up();
    let number = &order.order.number;
    html! {
        form.callback method="post" action={ "/console/orders/" (order.order.id) "/callbacks" }
            data-testid={ "callback-form-" (number) } {
            input type="hidden" name="csrf" value=(session.csrf);
            input type="hidden" name="back" value=(back.code());
            fieldset {
                legend { (f.reached) }
                label { input type="radio" name="reached" value="yes" required checked[entered.reached == "yes"]; " " (f.reached_yes) }
                label { input type="radio" name="reached" value="no" checked[entered.reached == "no"]; " " (f.reached_no) }
            }
            fieldset {
                legend { (f.satisfaction) }
                @for s in Satisfaction::ALL {
                    label { input type="radio" name="satisfaction" value=(s.code()) checked[entered.satisfaction == s.code()]; " " (f.satisfaction(s)) }
                }
            }
            label { (f.note) " " textarea name="note" rows="2" { (entered.note) } }
            " "
            button type="submit" data-testid={ "callback-submit-" (number) } { (f.save_callback) }
        }
    }
}

/// The attempts so far, oldest first.
pub fn attempts(session: &ConsoleSession, callbacks: &[Callback]) -> Markup {
    let f = session.lang.follow_up();
    html! {
        @if callbacks.is_empty() { p.muted { (f.no_callbacks) } } @else {
            table.callbacks {
                thead { tr {
                    th { (f.col_recorded_at) } th { (f.reached) } th { (f.satisfaction) }
                    th { (f.note) } th { (f.col_recorded_by) }
                } }
                tbody { @for c in callbacks {
                    tr data-testid="callback-attempt" {
                        td { (local_time(c.recorded_at)) }
                        td { @if c.outcome.reached() { (f.reached_yes) } @else { (f.reached_no) } }
                        td { @match c.outcome.satisfaction() { Some(s) => { (f.satisfaction(s)) } None => { "—" } } }
                        td { (c.note) }
                        td { (c.recorded_by) }
                    }
                } }
            }
        }
    }
}

/// The order page's call-back section: the attempts and, when due, the form.
pub fn order_section(session: &ConsoleSession, order: &ServerOrder, callbacks: &[Callback]) -> Markup {
    let f = session.lang.follow_up();
    html! {
        section #callbacks {
            h2 { (f.order_callbacks) }
            (attempts(session, callbacks))
            @if callback_due(&order.state, order.cancelled_at) { (form(session, order, Back::Order)) }
            @else { p.muted { (f.callback_not_due) } }
        }
    }
}
