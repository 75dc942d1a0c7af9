# 手机：结单前的材料使用、完工照片，和本班组区域的计划停电
co_materials = 材料使用
co_materials_hint = 按 ＋ 加一，按 − 减一；保存后可以再更正
co_materials_save = 保存材料
co_materials_correct = 更正材料
co_materials_none = 未使用材料
co_materials_recorded = 已记录材料
co_materials_not_recorded = 还未记录材料
co_plus = ＋
co_minus = −
co_completion_photo = 完工照片
co_take_completion_photo = 拍摄完工照片
co_no_completion_photo = 未拍完工照片
co_completion_photo_required = 本所要求结单前拍摄完工照片
co_outages = 计划停电
co_outages_today = 今日有计划停电
co_outages_none = 本班组区域暂无计划停电
co_outages_note = 时间为北京时间；取消的停电会自动消失
co_outage_area = 停电线路或区域
co_outage_villages = 停电村（组）
co_outage_reason = 原因
co_outage_now = 正在停电
co_outage_ended = 已结束
# $n 张数
co_completion_taken = 已拍 { $n } 张
# $from $to 起止时间
co_outage_window = { $from } 至 { $to }
