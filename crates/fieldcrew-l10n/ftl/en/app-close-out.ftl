# Phone: materials used and completion photo before closing, and planned outages in the crew's area
co_materials = Materials used
co_materials_hint = Tap ＋ to add one, − to take one off; it can be corrected after saving
co_materials_save = Save materials
co_materials_correct = Correct materials
co_materials_none = No materials used
co_materials_recorded = Materials on record
co_materials_not_recorded = No materials recorded yet
co_plus = ＋
co_minus = −
co_completion_photo = Completion photo
co_take_completion_photo = Take completion photo
co_no_completion_photo = No completion photo taken
co_completion_photo_required = The station requires a completion photo before closing
co_outages = Planned outages
co_outages_today = Planned outage today
co_outages_none = No planned outages in the crew's area
co_outages_note = Times are Beijing time; a cancelled outage disappears by itself
co_outage_area = Line or area
co_outage_villages = Villages
co_outage_reason = Reason
co_outage_now = Outage now
co_outage_ended = Ended
co_completion_taken = { $n ->
    [one] 1 photo taken
   *[other] { $n } photos taken
}
co_outage_window = { $from } to { $to }
