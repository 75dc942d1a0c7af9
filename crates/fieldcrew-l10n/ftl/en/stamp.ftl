# The stamp burnt into a photo: the font holds ASCII, degree and plus-minus only.
stamp_order = Order { $number }
stamp_time = { $time }
stamp_place = { $position } ±{ $accuracy } m
stamp_place_mock = { $position } ±{ $accuracy } m (MOCK LOCATION)
stamp_no_fix = No position fix
stamp_crew = Crew { $crew }
