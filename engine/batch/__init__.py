"""Many campaigns: factors, experimental designs, the crash-safe batch store and its
executors, sensitivity indices, and the benchmark."""
