# 照片水印：字体只含这些汉字（见 fieldcrew-media/assets），改字须同时裁字体。
stamp_order = 工单 { $number }
stamp_time = 时间 { $time }
stamp_place = 位置 { $position } ±{ $accuracy } 米
stamp_place_mock = 位置 { $position } ±{ $accuracy } 米（模拟位置）
stamp_no_fix = 无定位
stamp_crew = 班组 { $crew }
