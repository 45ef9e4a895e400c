package supervise

// Windows runs unsupervised: a child cannot inherit the crash pipe as a file
// descriptor there. Panics still exit 70 through the recovers in cli.Run and
// the --repeat workers; a fatal runtime error exits 2 (docs/architecture.md).
