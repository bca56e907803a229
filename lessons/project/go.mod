module github.com/stageplay/buildme

go 1.20

require (
	github.com/google/uuid v1.6.0
	github.com/spf13/pflag v1.0.5
)
