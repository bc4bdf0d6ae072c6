"""Reading the annotations: YAML files with their locations -> typed records."""
