# Phone: the daily check of tools, safety gear, materials and vehicle
dc_title = Daily check before driving out
dc_not_done = Not checked today
dc_not_done_hint = Check tools, materials and vehicle once a day before driving out
dc_done = Checked today { $time }
dc_done_by = { $member } · { $time }
dc_open = Check now
dc_view = View
dc_warning = No daily check of tools and vehicle today
dc_warning_hint = The repair goes ahead; do the check when you are back.
dc_ok = OK
dc_defect = Defect
dc_note_placeholder = What is wrong (required)
dc_take_photo = Take photo
dc_delete_photo = Delete photo
dc_progress = Checked { $done } / { $total }
dc_checked_by = Checked by
dc_submit = Submit check
dc_submitting = Saving…
dc_needs_all = Some items are not checked yet
dc_needs_note = Say what is wrong: { $item }
dc_saved = Today's check is saved
dc_defects = { $n ->
    [one] 1 defect
   *[other] { $n } defects
}
dc_no_defects = All OK
dc_failed = Could not save
