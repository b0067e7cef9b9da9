"""How a generated page's front matter starts, shared by its writer (write.markup) and its reader
(publish.plugin), which must not import the page writers: JSON laid out as a YAML flow mapping."""

FRONT_MATTER_JSON = "---\n{"
