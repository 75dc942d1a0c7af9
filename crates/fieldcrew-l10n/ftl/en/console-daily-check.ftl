# Console: each crew's daily check before driving out
dc_heading = Today's check of tools and vehicle
dc_heading_day = Check of tools and vehicle ({ $day })
dc_col_crew = Crew
dc_col_state = Check
dc_col_by = Checked by
dc_col_defects = Defects
dc_done_at = Checked { $time }
dc_not_done = Not checked today
dc_none = None
dc_photo = Photo
dc_needs = Crews without today's check of tools and vehicle
