//! Every string of the console, one catalogue per language (Chinese first).
//! A catalogue is a struct, so a missing translation does not compile.

use axum::http::HeaderMap;
use fieldcrew_domain::event::EventType;
use fieldcrew_domain::lifecycle::{RuleViolation, Status};
use fieldcrew_domain::order::{AreaClass, EquipmentKind};
use fieldcrew_domain::sla::SlaStatus;
use fieldcrew_l10n::DomainWords;
use fieldcrew_protocol::push::{BrokenRule, Flag};

/// The console languages; Chinese is the default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    ZhCn,
    En,
}

/// The cookie remembering the chosen language.
pub const LANG_COOKIE: &str = "fc_lang";

impl Lang {
    pub fn strings(self) -> &'static Strings {
        match self {
            Lang::ZhCn => &ZH_CN,
            Lang::En => &EN,
        }
    }

    pub fn tag(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "zh" => Some(Lang::ZhCn),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language chosen by cookie; Chinese otherwise.
    pub fn from_headers(headers: &HeaderMap) -> Lang {
        super::session::cookie(headers, LANG_COOKIE).and_then(|c| Lang::from_code(&c)).unwrap_or_default()
    }
}

/// One language's strings.
#[derive(Debug)]
pub struct Strings {
    /// The domain's terms, shared with the phone.
    pub words: &'static DomainWords,
    pub console_title: &'static str,
    pub other_language: &'static str,
    pub nav_board: &'static str,
    pub nav_intake: &'static str,
    pub nav_crews: &'static str,
    pub sign_in: &'static str,
    pub sign_out: &'static str,
    pub username: &'static str,
    pub password: &'static str,
    pub wrong_password: &'static str,
    pub form_expired: &'static str,
    pub forbidden: &'static str,
    pub not_found: &'static str,
    pub signed_in_as: &'static str,

    pub board_heading: &'static str,
    pub filter: &'static str,
    pub all_crews: &'static str,
    pub all_statuses: &'static str,
    pub unassigned: &'static str,
    pub no_open_orders: &'static str,
    pub col_number: &'static str,
    pub col_reported: &'static str,
    pub col_address: &'static str,
    pub col_fault: &'static str,
    pub col_crew: &'static str,
    pub col_status: &'static str,
    pub col_notify: &'static str,
    pub col_arrive: &'static str,
    pub col_restore: &'static str,
    pub col_actions: &'static str,
    pub assign: &'static str,
    pub cancel_order: &'static str,
    pub confirm_cancel: &'static str,
    pub done_at: &'static str,
    pub sla_on_time: &'static str,
    pub sla_at_risk: &'static str,
    pub sla_breached: &'static str,
    pub refreshed_at: &'static str,

    pub crews_heading: &'static str,
    pub crew_members: &'static str,
    pub no_crews: &'static str,
    pub no_devices: &'static str,
    pub col_device_label: &'static str,
    pub col_member: &'static str,
    pub col_device_id: &'static str,
    pub col_paired_at: &'static str,
    pub col_expires_at: &'static str,
    pub col_device_state: &'static str,
    pub col_last_push: &'static str,
    pub device_live: &'static str,
    pub device_revoked: &'static str,
    pub device_expired: &'static str,
    pub never_pushed: &'static str,
    pub revoke_device: &'static str,
    pub confirm_revoke: &'static str,
    pub no_live_device: &'static str,
    pub new_pin: &'static str,
    pub new_pin_again: &'static str,
    pub change_pin: &'static str,
    pub pin_rules: &'static str,
    pub pin_mismatch: &'static str,
    pub crew_not_found: &'static str,
    pub assign_refused_cancelled: &'static str,
    pub assign_refused_closed: &'static str,
    pub cancel_refused_cancelled: &'static str,
    pub cancel_refused_repaired: &'static str,

    pub intake_heading: &'static str,
    pub reporter_name: &'static str,
    pub reporter_phone: &'static str,
    pub village_or_street: &'static str,
    pub house_number: &'static str,
    pub fault_description: &'static str,
    pub equipment: &'static str,
    pub area: &'static str,
    pub appointment_at: &'static str,
    pub appointment_needs_time: &'static str,
    pub coordinates: &'static str,
    pub latitude: &'static str,
    pub longitude: &'static str,
    pub bad_coordinates: &'static str,
    pub safety_reminder: &'static str,
    pub safety_reminder_required: &'static str,
    pub crew: &'static str,
    pub create_order: &'static str,
    pub repeat_heading: &'static str,
    pub repeat_explain: &'static str,
    pub create_anyway: &'static str,
    pub order_created: &'static str,

    pub order_heading: &'static str,
    pub reporter: &'static str,
    pub site: &'static str,
    pub timeline: &'static str,
    pub col_event: &'static str,
    pub col_corrected_time: &'static str,
    pub col_device_time: &'static str,
    pub col_author: &'static str,
    pub col_distance: &'static str,
    pub col_flags: &'static str,
    pub no_events: &'static str,
    pub photos: &'static str,
    pub no_photos: &'static str,
    pub photos_on_no_record: &'static str,
    pub photos_on_no_record_note: &'static str,
    /// Files named only by events of a crew that never held the order.
    pub photos_not_counted: &'static str,
    pub photos_not_counted_note: &'static str,
    /// The timeline's chip on such an event.
    pub not_counted: &'static str,
    pub waiting_upload: &'static str,
    pub signature: &'static str,
    pub no_signature: &'static str,
    pub signature_current: &'static str,
    pub signature_stale: &'static str,
    pub signer: &'static str,
    pub damage_cause: &'static str,
    pub meter_number: &'static str,
    pub meter_reading: &'static str,
    pub not_applicable: &'static str,
    pub customer_responsible: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub covered_photos: &'static str,
    pub checklist: &'static str,
    pub no_checklist: &'static str,
    pub escalations: &'static str,
    pub no_escalations: &'static str,
    pub cancelled: &'static str,
    pub times_note: &'static str,

    pub flag_far: &'static str,
    pub flag_poor_accuracy: &'static str,
    pub flag_mock: &'static str,
    pub flag_chain_broken: &'static str,
    pub flag_clock_uncorrected: &'static str,
    pub flag_rule_violation: &'static str,
    pub flag_order_cancelled: &'static str,
    pub flag_order_reassigned: &'static str,
    pub flag_duplicate: &'static str,
    pub flag_no_daily_check: &'static str,

    /// Put before the step a correction withdraws.
    pub withdrawn: &'static str,
    pub no_fix: &'static str,
    pub fix_taken_before: &'static str,
    /// The unit after a number of seconds.
    pub seconds: &'static str,
}

impl Strings {
    pub fn status(&self, status: Status) -> &'static str {
        self.words.status(status)
    }

    pub fn equipment(&self, kind: EquipmentKind) -> &'static str {
        self.words.equipment(kind)
    }

    pub fn area(&self, area: &AreaClass) -> &'static str {
        self.words.area(area)
    }

    pub fn sla(&self, status: SlaStatus) -> &'static str {
        match status {
            SlaStatus::OnTime => self.sla_on_time,
            SlaStatus::AtRisk => self.sla_at_risk,
            SlaStatus::Breached => self.sla_breached,
        }
    }

    /// A flag's label; a rule violation keeps the rule's own text.
    pub fn flag(&self, flag: &Flag) -> String {
        match flag {
            Flag::FarFromSite => self.flag_far.into(),
            Flag::PoorAccuracy => self.flag_poor_accuracy.into(),
            Flag::MockLocation => self.flag_mock.into(),
            Flag::ChainBroken => self.flag_chain_broken.into(),
            Flag::ClockUncorrected => self.flag_clock_uncorrected.into(),
            Flag::RuleViolation(BrokenRule::Rule(rule)) => {
                format!("{}: {}", self.flag_rule_violation, self.rule_violation(rule))
            }
            Flag::RuleViolation(BrokenRule::Text(text)) => format!("{}: {text}", self.flag_rule_violation),
            Flag::UnknownOrder => format!("{}: {}", self.flag_rule_violation, self.words.rules.unknown_order),
            Flag::OrderCancelled => self.flag_order_cancelled.into(),
            Flag::OrderReassigned => self.flag_order_reassigned.into(),
            Flag::Duplicate => self.flag_duplicate.into(),
            Flag::NoDailyCheck => self.flag_no_daily_check.into(),
        }
    }

    /// A broken rule in the reader's words, naming the step it concerns.
    fn rule_violation(&self, rule: &RuleViolation) -> String {
        let words = self.words.rules.violation(rule);
        match rule {
            RuleViolation::AlreadyRecorded(step) => format!("{words} ({})", self.words.step(*step)),
            _ => words.to_string(),
        }
    }

    pub fn event(&self, event: EventType) -> &'static str {
        self.words.step(event)
    }
}

pub static ZH_CN: Strings = Strings {
    words: &fieldcrew_l10n::ZH_CN,
    console_title: "抢修调度台",
    other_language: "English",
    nav_board: "工单看板",
    nav_intake: "受理登记",
    nav_crews: "班组与设备",
    sign_in: "登录",
    sign_out: "退出",
    username: "用户名",
    password: "密码",
    wrong_password: "用户名或密码不正确",
    form_expired: "表单已过期，请刷新页面后重试",
    forbidden: "此账号无权访问调度台",
    not_found: "找不到该工单",
    signed_in_as: "当前用户",

    board_heading: "在办工单",
    filter: "筛选",
    all_crews: "全部班组",
    all_statuses: "全部状态",
    unassigned: "未派工",
    no_open_orders: "暂无在办工单",
    col_number: "工单号",
    col_reported: "报修时间",
    col_address: "地址",
    col_fault: "故障",
    col_crew: "班组",
    col_status: "状态",
    col_notify: "通知时限",
    col_arrive: "到达时限",
    col_restore: "修复时限",
    col_actions: "操作",
    assign: "派工",
    cancel_order: "撤销",
    confirm_cancel: "确定撤销该工单？",
    done_at: "完成于",
    sla_on_time: "正常",
    sla_at_risk: "临近超时",
    sla_breached: "已超时",
    refreshed_at: "更新于",

    crews_heading: "班组与设备",
    crew_members: "成员",
    no_crews: "暂无班组",
    no_devices: "尚无已配对设备",
    col_device_label: "设备",
    col_member: "使用人",
    col_device_id: "设备编号",
    col_paired_at: "配对时间",
    col_expires_at: "到期时间",
    col_device_state: "状态",
    col_last_push: "最近上传",
    device_live: "使用中",
    device_revoked: "已停用",
    device_expired: "已过期",
    never_pushed: "从未上传",
    revoke_device: "停用",
    confirm_revoke: "停用后该手机需重新配对才能同步，确定停用？",
    no_live_device: "该设备没有可停用的配对",
    new_pin: "新PIN码",
    new_pin_again: "再输一次",
    change_pin: "更改班组PIN码",
    pin_rules: "6–12位数字。已配对的手机不受影响；丢失的手机请先停用。",
    pin_mismatch: "两次输入的PIN码不一致",
    crew_not_found: "找不到该班组",
    assign_refused_cancelled: "该工单已撤销，不能再派工；如需处理请新建工单",
    assign_refused_closed: "该工单已结单，不能再派工；如需处理请新建工单",
    cancel_refused_cancelled: "该工单已撤销",
    cancel_refused_repaired: "该工单已送电或已结单，不能撤销：抢修记录须保留",

    intake_heading: "受理登记",
    reporter_name: "报修人",
    reporter_phone: "联系电话",
    village_or_street: "村/街道",
    house_number: "门牌号",
    fault_description: "故障描述及现象",
    equipment: "设备类型",
    area: "区域类别",
    appointment_at: "预约时间",
    appointment_needs_time: "预约工单需填写预约时间",
    coordinates: "坐标（可选）",
    latitude: "纬度",
    longitude: "经度",
    bad_coordinates: "坐标格式不正确",
    safety_reminder: "已提醒报修人注意安全",
    safety_reminder_required: "请先提醒报修人注意安全并勾选",
    crew: "派工班组",
    create_order: "生成工单",
    repeat_heading: "疑似重复报修",
    repeat_explain: "24小时内已有相同电话或地址的在办工单：",
    create_anyway: "仍然新建工单",
    order_created: "工单已生成",

    order_heading: "工单详情",
    reporter: "报修人",
    site: "现场坐标",
    timeline: "处理过程",
    col_event: "事件",
    col_corrected_time: "校正时间",
    col_device_time: "设备时间",
    col_author: "记录人",
    col_distance: "距现场",
    col_flags: "提示",
    no_events: "尚无现场记录",
    photos: "现场照片",
    no_photos: "暂无照片",
    photos_on_no_record: "未入记录的照片",
    photos_on_no_record_note: "已上传到本工单，但没有任何记录引用，不作为证据",
    photos_not_counted: "不计入本工单的照片和签字",
    photos_not_counted_note: "由从未负责本工单的班组发送，不计入工单状态，不作为证据",
    not_counted: "不计入",
    waiting_upload: "等待上传",
    signature: "客户签字",
    no_signature: "暂无签字",
    signature_current: "签字有效",
    signature_stale: "签字已失效（损坏记录在签字后有改动）",
    signer: "签字人",
    damage_cause: "损坏原因",
    meter_number: "表号",
    meter_reading: "电能表读数",
    not_applicable: "不涉及",
    customer_responsible: "客户责任",
    yes: "是",
    no: "否",
    covered_photos: "签字所涵盖的照片",
    checklist: "现场清理",
    no_checklist: "尚未完成清理",
    escalations: "升级上报",
    no_escalations: "无",
    cancelled: "已撤销",
    times_note: "时间均为北京时间（UTC+8）",

    flag_far: "距现场过远",
    flag_poor_accuracy: "定位精度差",
    flag_mock: "模拟定位",
    flag_chain_broken: "记录链断裂",
    flag_clock_uncorrected: "设备时钟未校正",
    flag_rule_violation: "违反流程",
    flag_order_cancelled: "工单已撤销",
    flag_order_reassigned: "工单已改派",
    flag_duplicate: "重复上传",
    flag_no_daily_check: "今日未做出车前检查",

    withdrawn: "撤销",
    no_fix: "无定位",
    fix_taken_before: "定位时效",
    seconds: "秒",
};

pub static EN: Strings = Strings {
    words: &fieldcrew_l10n::EN,
    console_title: "Repair dispatch console",
    other_language: "中文",
    nav_board: "Board",
    nav_intake: "Intake",
    nav_crews: "Crews & devices",
    sign_in: "Sign in",
    sign_out: "Sign out",
    username: "Username",
    password: "Password",
    wrong_password: "Wrong username or password",
    form_expired: "The form has expired; reload the page and try again",
    forbidden: "This account may not use the dispatcher console",
    not_found: "No such order",
    signed_in_as: "Signed in as",

    board_heading: "Open orders",
    filter: "Filter",
    all_crews: "All crews",
    all_statuses: "All statuses",
    unassigned: "Unassigned",
    no_open_orders: "No open orders",
    col_number: "Order",
    col_reported: "Reported",
    col_address: "Address",
    col_fault: "Fault",
    col_crew: "Crew",
    col_status: "Status",
    col_notify: "Notify",
    col_arrive: "Arrive",
    col_restore: "Restore",
    col_actions: "Actions",
    assign: "Assign",
    cancel_order: "Cancel",
    confirm_cancel: "Cancel this order?",
    done_at: "done",
    sla_on_time: "on time",
    sla_at_risk: "at risk",
    sla_breached: "breached",
    refreshed_at: "Updated",

    crews_heading: "Crews and devices",
    crew_members: "Members",
    no_crews: "No crews",
    no_devices: "No paired devices yet",
    col_device_label: "Device",
    col_member: "Member",
    col_device_id: "Device id",
    col_paired_at: "Paired",
    col_expires_at: "Expires",
    col_device_state: "State",
    col_last_push: "Last push",
    device_live: "live",
    device_revoked: "revoked",
    device_expired: "expired",
    never_pushed: "never",
    revoke_device: "Revoke",
    confirm_revoke: "The phone will have to pair again before it can sync. Revoke it?",
    no_live_device: "This device has no live pairing to revoke",
    new_pin: "New PIN",
    new_pin_again: "Again",
    change_pin: "Change the crew PIN",
    pin_rules: "6–12 digits. Phones already paired keep working; revoke a lost phone first.",
    pin_mismatch: "The two PINs differ",
    crew_not_found: "No such crew",
    assign_refused_cancelled: "This order is cancelled and cannot be assigned; create a new order instead",
    assign_refused_closed: "This order is closed and cannot be assigned; create a new order instead",
    cancel_refused_cancelled: "This order is already cancelled",
    cancel_refused_repaired: "This order is restored or closed and cannot be cancelled: its repair stays on record",

    intake_heading: "Intake",
    reporter_name: "Reporter",
    reporter_phone: "Phone",
    village_or_street: "Village / street",
    house_number: "House number",
    fault_description: "Fault and symptoms",
    equipment: "Equipment",
    area: "Area class",
    appointment_at: "Appointment time",
    appointment_needs_time: "An appointment needs a time",
    coordinates: "Coordinates (optional)",
    latitude: "Latitude",
    longitude: "Longitude",
    bad_coordinates: "The coordinates are not numbers",
    safety_reminder: "Safety reminder given to the caller",
    safety_reminder_required: "Remind the caller about safety and tick the box first",
    crew: "Crew",
    create_order: "Create order",
    repeat_heading: "Possible repeat report",
    repeat_explain: "An open order from the last 24 hours has the same phone or address:",
    create_anyway: "Create a new order anyway",
    order_created: "Order created",

    order_heading: "Order",
    reporter: "Reporter",
    site: "Site",
    timeline: "Timeline",
    col_event: "Event",
    col_corrected_time: "Corrected time",
    col_device_time: "Device time",
    col_author: "By",
    col_distance: "To site",
    col_flags: "Flags",
    no_events: "Nothing recorded on site yet",
    photos: "Photos",
    no_photos: "No photos",
    photos_on_no_record: "Photos on no record",
    photos_on_no_record_note: "Uploaded for this order but named by no record: not evidence",
    photos_not_counted: "Photos and signatures not counted",
    photos_not_counted_note: "Sent by a crew that never held this order: not part of its state, not evidence",
    not_counted: "not counted",
    waiting_upload: "waiting for upload",
    signature: "Customer signature",
    no_signature: "No signature",
    signature_current: "Signature valid",
    signature_stale: "Signature no longer valid (the damage record changed after signing)",
    signer: "Signed by",
    damage_cause: "Cause of damage",
    meter_number: "Meter number",
    meter_reading: "Meter reading",
    not_applicable: "N/A",
    customer_responsible: "Customer responsible",
    yes: "yes",
    no: "no",
    covered_photos: "Photos the signature covers",
    checklist: "Site cleanup",
    no_checklist: "Cleanup not done yet",
    escalations: "Escalations",
    no_escalations: "None",
    cancelled: "Cancelled",
    times_note: "Times are China Standard Time (UTC+8)",

    flag_far: "far from site",
    flag_poor_accuracy: "poor accuracy",
    flag_mock: "mock location",
    flag_chain_broken: "chain broken",
    flag_clock_uncorrected: "clock uncorrected",
    flag_rule_violation: "rule violation",
    flag_order_cancelled: "order was cancelled",
    flag_order_reassigned: "order was reassigned",
    flag_duplicate: "duplicate",
    flag_no_daily_check: "no daily check of tools and vehicle that day",

    withdrawn: "withdrawn",
    no_fix: "No position",
    fix_taken_before: "Fix age",
    seconds: "s",
};

#[cfg(test)]
mod rule_flag_tests {
    use super::*;

    #[test]
    fn a_dispatcher_reads_a_broken_rule_in_their_own_language() {
        let flag = Flag::RuleViolation(BrokenRule::Rule(RuleViolation::AlreadyRecorded(EventType::Arrived)));
        assert_eq!(ZH_CN.flag(&flag), "违反流程: 该步骤已记录过 (到达现场)");
        assert_eq!(EN.flag(&flag), "rule violation: This step was already recorded (Arrived)");
        assert_eq!(ZH_CN.flag(&Flag::UnknownOrder), "违反流程: 服务器上没有这张工单");
    }
}
