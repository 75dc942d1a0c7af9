# 调度台：各班组每日出车前检查
dc_heading = 今日出车前检查
dc_heading_day = 出车前检查（{ $day }）
dc_col_crew = 班组
dc_col_state = 检查情况
dc_col_by = 检查人
dc_col_defects = 缺陷
dc_done_at = 已检查 { $time }
dc_not_done = 今日未检查
dc_none = 无
dc_photo = 照片
dc_needs = 今日未做出车前检查的班组
