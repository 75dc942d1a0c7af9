## 状态 · 设备 · 区域 · 步骤

status_new = 新工单
status_acknowledged = 已接单
status_en_route = 在途
status_on_site = 已到达
status_escalated = 已上报
status_restored = 已送电
status_closed = 已结单
equipment_line = 线路
equipment_transformer = 配电变压器
equipment_switch = 开关
equipment_meter = 电能表
equipment_customer_owned = 客户产权设备
area_urban = 城区
area_rural = 农村
area_remote = 边远地区
area_appointment = 预约
step_acknowledged = 已接单
step_departed = 已出发
step_arrived = 到达现场
step_site_report = 现场汇报
step_escalated = 上报升级
step_customer_fault = 协助客户处理
step_restored = 已送电
step_meter_damage = 电能表损坏记录
step_signature = 客户签字
step_cleanup = 现场清理完成
step_closed = 已结单
step_note = 备注
step_delay_explained = 超时原因
step_corrected = 更正
step_materials = 材料使用
step_completion_photo = 完工照片

## 违反流程：拒绝某一步骤的原因

rule_closed = 工单已结单
rule_already_recorded = 该步骤已记录过
rule_not_arrived = 请先确认到达现场
rule_already_on_site = 已到达现场，不能再记录此步骤
rule_not_restored = 尚未送电或上报升级
rule_no_photos = 电能表损坏记录至少需要一张照片
rule_no_meter_damage = 没有需要签字的电能表损坏记录
rule_signature_mismatch = 签字内容与当前记录不一致
rule_checklist_incomplete = 现场清理检查未完成
rule_cleanup_missing = 请先完成现场清理检查
rule_signature_missing = 客户尚未签字确认电能表损坏
rule_signature_stale = 原因或照片已修改，需客户重新签字
rule_step_not_recorded = 该步骤还未记录，不能说明超时原因
rule_not_correctable = 该步骤不能更正：未记录，或后续步骤已依赖它
rule_materials_invalid = 材料记录有误：每种材料只能填一次，数量1–999
rule_completion_photo_missing = 本所要求结单前拍摄完工照片
rule_unknown_order = 服务器上没有这张工单

## 每日检查的分组

check_group_tools = 工器具
check_group_safety_gear = 安全用具
check_group_materials = 材料
check_group_vehicle = 车辆
