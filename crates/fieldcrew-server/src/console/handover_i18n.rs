//! The strings of the handover log page (交接班记录), one catalogue per
//! language. Kept apart from the shared catalogues while those move to
//! Fluent.

use super::i18n::Lang;

pub struct HandoverStrings {
    pub nav: &'static str,
    pub heading: &'static str,
    pub explain: &'static str,
    pub search_text: &'static str,
    pub search_placeholder: &'static str,
    pub crew: &'static str,
    pub all_crews: &'static str,
    pub date: &'static str,
    pub search: &'static str,
    pub none: &'static str,
    pub handed_over_by: &'static str,
    pub taken_over_by: &'static str,
    pub not_acknowledged: &'static str,
    pub summary: &'static str,
    pub raised: &'static str,
    pub carried: &'static str,
    pub open_for: &'static str,
    pub order: &'static str,
    pub equipment: &'static str,
    pub closed_by: &'static str,
    pub close: &'static str,
    pub close_note: &'static str,
    pub close_needs_note: &'static str,
    pub closed_saved: &'static str,
    pub already_closed: &'static str,
    pub unknown_problem: &'static str,
    pub strip_unacknowledged: &'static str,
    pub minutes: &'static str,
    pub hours: &'static str,
    pub days: &'static str,
}

pub const ZH_CN: HandoverStrings = HandoverStrings {
    nav: "交接班记录",
    heading: "交接班记录",
    explain: "交班人写明值班情况和遗留问题,接班人在手机上确认接班;遗留问题在关闭前随每次交接班移交。",
    search_text: "内容",
    search_placeholder: "问题、设备、工单号或姓名",
    crew: "班组",
    all_crews: "全部班组",
    date: "日期",
    search: "查询",
    none: "没有符合条件的交接班记录。",
    handed_over_by: "交班",
    taken_over_by: "接班",
    not_acknowledged: "尚未确认接班",
    summary: "值班情况",
    raised: "本班遗留问题",
    carried: "前班移交未关闭",
    open_for: "已持续",
    order: "工单",
    equipment: "设备",
    closed_by: "已关闭",
    close: "关闭",
    close_note: "处理说明",
    close_needs_note: "关闭遗留问题需填写处理说明。",
    closed_saved: "遗留问题已关闭。",
    already_closed: "该问题已关闭。",
    unknown_problem: "没有这个遗留问题。",
    strip_unacknowledged: "交接班未确认",
    minutes: "分钟",
    hours: "小时",
    days: "天",
};

pub const EN: HandoverStrings = HandoverStrings {
    nav: "Shift handovers",
    heading: "Shift handover log",
    explain: "The outgoing duty person writes the shift and every open problem; the incoming one acknowledges on the phone. Open problems are handed over again until closed.",
    search_text: "Text",
    search_placeholder: "problem, equipment, order number or name",
    crew: "Crew",
    all_crews: "All crews",
    date: "Date",
    search: "Search",
    none: "No handover matches.",
    handed_over_by: "Handed over",
    taken_over_by: "Taken over",
    not_acknowledged: "Not acknowledged yet",
    summary: "Shift summary",
    raised: "Open problems raised",
    carried: "Carried from earlier shifts",
    open_for: "open for",
    order: "Order",
    equipment: "Equipment",
    closed_by: "Closed",
    close: "Close",
    close_note: "What was done",
    close_needs_note: "Closing a problem needs a note of what was done.",
    closed_saved: "The problem is closed.",
    already_closed: "That problem is already closed.",
    unknown_problem: "No such open problem.",
    strip_unacknowledged: "Handover not acknowledged",
    minutes: "min",
    hours: "h",
    days: "d",
};

impl Lang {
    pub fn handover(self) -> &'static HandoverStrings {
        match self {
            Lang::ZhCn => &ZH_CN,
            Lang::En => &EN,
        }
    }
}

impl HandoverStrings {
    /// How long a problem has been open, in the largest whole unit.
    pub fn age(&self, age: chrono::Duration) -> String {
        let minutes = age.num_minutes().max(0);
        match minutes {
            m if m < 60 => format!("{m} {}", self.minutes),
            m if m < 48 * 60 => format!("{} {}", m / 60, self.hours),
            m => format!("{} {}", m / (24 * 60), self.days),
        }
    }
}
