app_title = Repair Assistant
orders_heading = My orders
no_orders = No work orders
no_orders_hint = Orders from dispatch arrive automatically when there is a connection.
store_error = Cannot open the data on this phone
switch_language = 中文
language_name = English
arrival_due = Arrive by
restoration_due = Restore by
overdue = overdue
left = left
kept = on time
missed = late
unsynced_count = { $n ->
    [one] 1 not synced
   *[other] { $n } not synced
}
demo_data = Demo data
sync_not_configured = No server set up; data stays on this phone
sync_idle = Synced
sync_running = Syncing…
sync_offline = Offline, retrying in { $n } s
sync_offline_retrying = Offline, retrying now…
sync_needs_pairing = Pair with your crew again; unsynced data is kept
sync_last_success = Last sync
waiting_count = { $n ->
    [one] 1 waiting to upload
   *[other] { $n } waiting to upload
}
sync_now = Sync now
uploading_photo = Uploading photo
upload_refused = { $n ->
    [one] 1 photo or signature refused by the server, kept on this phone: call the dispatcher
   *[other] { $n } photos or signatures refused by the server, kept on this phone: call the dispatcher
}
upload_refused_retry = Send again once the dispatcher fixed it
priority_high = High
priority_emergency = Emergency
back = ← Back
reporter = Reporter
phone_call = Call
address = Address
fault = Fault
open_map = Open map
history = History
no_history = Nothing recorded yet
gps_waiting = Getting a GPS fix…
gps_none = No GPS fix; only the time will be recorded
gps_denied = Location permission denied
distance_to_site = To site
accuracy = accuracy
metres = m
warn_far = You seem far from the site; check before confirming arrival
warn_poor_accuracy = The GPS fix is poor
text_placeholder = Type here
recorded = Recorded
action_acknowledge = Acknowledge
action_depart = Depart
action_arrive = Arrived on site
action_site_report = Site report
action_escalate = Escalate (fault too big)
action_customer_fault = Helped with customer-owned fault
action_restore = Power restored
action_cleanup = Site cleanup done
action_close = Close order
action_note = Note
checklist_title = Site cleanup checklist
seal_number = Seal number
withdrawn = withdrawn
not_applicable = N/A
checklist_missing = Still missing:{" "}
seal_number_missing = seal number
confirm_restore = Confirm power is back on?
confirm_close = Confirm closing the order?
confirm_is_evidence = Once recorded this is evidence: it can be corrected, never erased.
confirm_yes = Confirm
fix_pending = Getting your current position, up to { $n } s more
fix_timed_out = No current position yet
record_without_fix = Record without position
correct_step = Correct a mistaken step
correction_reason = Reason for the correction (required)
no_fix = no position
fix_age = fix { $n } s old
photo_processing = Processing photo…
photo_internal_error = the photo could not be processed; please take it again
meter_number = Meter number
meter_reading = Meter reading
meter_not_read = not readable
order_number = Order number
signed_at = Signed at
statement_customer_responsible = I confirm that the meter was damaged by: “{ $cause }”. As checked on site this is the customer's responsibility, and I accept the charges the rules set.
statement_not_responsible = I confirm that the meter was damaged by: “{ $cause }”. As checked on site this is not the customer's responsibility.
notice_cancelled = Order { $number } ({ $address }) was cancelled by dispatch
notice_reassigned = Order { $number } ({ $address }) was reassigned to another crew
notice_unsynced = { $n ->
    [one] 1 record on this phone will still be uploaded
   *[other] { $n } records on this phone will still be uploaded
}
notice_read = OK, read
notice_open = View
alert_new = New order { $number } ({ $address }): open it now
alert_changed = Order { $number } ({ $address }) was changed: please check
alert_open = Open order
alert_more = { $n ->
    [one] 1 more new or changed order not opened yet
   *[other] { $n } more new or changed orders not opened yet
}
late_arrival_prompt = Arrived late — give the reason
late_restore_prompt = Power restored late — give the reason
late_arrival_reason = Reason for late arrival
late_restore_reason = Reason for late restoration
late_reason_far = Long way to the site
late_reason_traffic = Road blocked
late_reason_weather = Bad weather
late_reason_other_orders = Several orders at once
late_reason_wrong_address = Address was wrong
late_reason_other = Other (type the reason)
late_reason_submit = Save the typed reason
record_failed = Could not record
read_only_removed = This order was cancelled or reassigned: read only
action_meter_damage = Record meter damage
action_customer_sign = Customer confirms and signs
meter_damage_title = Meter damage
cause_label = Cause
cause_other_placeholder = More detail (optional)
cause_forced_open = Meter box forced open
cause_tampered = Unauthorised wiring or tampering
cause_impact = Hit by something
cause_water = Water damage
cause_lightning = Lightning
cause_fire = Burnt
responsibility_question = Is the customer responsible?
yes = Yes
no = No
take_photo = Take photo
delete_photo = Delete
photos_needed = At least one photo is needed
save_damage = Save damage record
photo_failed = The photo cannot be used
confirm_title = Customer confirmation
confirm_intro = Please check the cause and photos below, then sign.
signer_name = Signer's name
signature_pad_hint = Sign here
clear_signature = Clear
confirm_signature = Confirm signature
signature_needed = Customer-caused meter damage needs the customer's signature
signature_current = Signed by the customer; content unchanged
signature_failed = The signature could not be saved
new_order = + New order on the spot
new_order_title = New order on the spot
customer_name = Customer name
customer_phone = Customer phone
village_or_street = Village or street
house_number = House number
equipment_label = Equipment
area_label = Area class
site_from_gps = Use the current GPS fix as the site
create_order = Create order
required_fields = Fill in the address and the fault
settings = Settings
settings_title = Settings
language_label = Language
server_label = Server
no_server = Not set
thresholds_label = Thresholds (read only)
far_threshold = Far from site
accuracy_threshold = Poor GPS accuracy
arrival_commitments = Arrival promise (town/rural/remote)
minutes = min
app_version = Version
data_location = Data location
device_id = Device id
export_diagnostics = Export diagnostics
diagnostics_saved = Diagnostics saved to
pair_title = Sign in to your crew
pair_intro = Enter the crew code and PIN from dispatch. Needs a connection once; works without signal afterwards.
pair_server = Server address
pair_crew_code = Crew code
pair_pin = Crew PIN
pair_show_pin = Show PIN
pair_member = Your name
pair_submit = Sign in
pair_running = Signing in…
pair_missing = Fill in all four fields
pair_refused = Crew code or PIN not accepted. Check them and try again.
pair_too_many = Too many tries. Wait a minute, then try again.
pair_unreachable = Cannot reach the server. Signing in needs a connection once: try again where there is signal. Afterwards the app works offline.
pair_invalid_server = The server address is not valid; it starts with http:// or https://
pair_failed = Sign-in failed
pair_kept = They are kept on this phone and upload once you sign in.
unsynced_both = { $records ->
    [one] 1 record
   *[other] { $records } records
} and { $photos ->
    [one] 1 photo
   *[other] { $photos } photos
} are not uploaded yet
unsynced_records_only = { $records ->
    [one] 1 record is not uploaded yet
   *[other] { $records } records are not uploaded yet
}
unsynced_photos_only = { $photos ->
    [one] 1 photo is not uploaded yet
   *[other] { $photos } photos are not uploaded yet
}
sync_sign_in = Sign in
signed_in_as = Signed in
not_signed_in = Not signed in
sign_out = Sign out
sign_out_question = Sign out?
sign_out_keeps = They stay on this phone and upload after you sign in again. The orders stay too.
sign_out_all_synced = Every record and photo is uploaded. The orders stay on this phone.
sign_out_confirm = Sign out now
cancel = Cancel
labelled = { $label }: { $value }
leave_question = Discard what you have entered?
leave_detail = Nothing entered here will be saved.
leave_detail_photos = Nothing entered here will be saved, and photos taken here will be deleted.
leave_stay = Keep editing
leave_discard = Discard and go back
sync_stopped = Background sync stopped; reopen the app
contact_left = Number left with the customer
sms_restored = Text the customer: power is back
sms_restored_body = [{ $station }] The power cut you reported at { $address } (order { $number }) was fixed at { $time }. Questions: call { $phone }.
