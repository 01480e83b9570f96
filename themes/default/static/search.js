// recap search: placeholder until the search feature lands.
