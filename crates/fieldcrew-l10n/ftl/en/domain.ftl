## Statuses, equipment, areas, steps

status_new = New
status_acknowledged = Acknowledged
status_en_route = En route
status_on_site = On site
status_escalated = Escalated
status_restored = Power restored
status_closed = Closed
equipment_line = Line
equipment_transformer = Distribution transformer
equipment_switch = Switch
equipment_meter = Meter
equipment_customer_owned = Customer-owned equipment
area_urban = Urban
area_rural = Rural
area_remote = Remote
area_appointment = Appointment
step_acknowledged = Acknowledged
step_departed = Departed
step_arrived = Arrived
step_site_report = Site report
step_escalated = Escalated
step_customer_fault = Customer fault assisted
step_restored = Power restored
step_meter_damage = Meter damage recorded
step_signature = Customer signature
step_cleanup = Site cleanup done
step_closed = Closed
step_note = Note
step_delay_explained = Reason for delay
step_corrected = Correction
step_materials = Materials used
step_completion_photo = Completion photo

## Broken rules: why a step was refused

rule_closed = The order is closed
rule_already_recorded = This step was already recorded
rule_not_arrived = Confirm arrival first
rule_already_on_site = Already on site: this step can no longer be recorded
rule_not_restored = Power is neither restored nor escalated
rule_no_photos = A meter-damage record needs at least one photo
rule_no_meter_damage = There is no meter-damage record to sign
rule_signature_mismatch = The signature does not match the current record
rule_checklist_incomplete = The cleanup checklist is incomplete
rule_cleanup_missing = Complete the cleanup checklist first
rule_signature_missing = The customer has not signed for the meter damage
rule_signature_stale = Cause or photos changed: the customer must sign again
rule_step_not_recorded = That step is not recorded yet, so it cannot be explained as late
rule_not_correctable = This step can not be corrected: it is not recorded, or later steps depend on it
rule_materials_invalid = The materials record is wrong: each material once, quantity 1–999
rule_completion_photo_missing = The station requires a photo of the completed work before closing
rule_unknown_order = The server holds no such order

## Daily check groups

check_group_tools = Tools
check_group_safety_gear = Safety gear
check_group_materials = Materials
check_group_vehicle = Vehicle
