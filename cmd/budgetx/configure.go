package main

import "github.com/budgetx/budgetx/pipeline"

// configure wires the optional stages (PDF reading, checks) into cfg.
func configure(cfg *pipeline.Config) { pipeline.Configure(cfg) }
