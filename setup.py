"""The compiled turn (engine/sim/kernel/*.pyx), built with Cython against numpy's random C
library so that it draws with numpy's own distributions. Everything else is in
pyproject.toml."""

import os

import numpy as np
from Cython.Build import cythonize
from setuptools import Extension, setup

NUMPY = os.path.dirname(np.__file__)


def kernel(name: str) -> Extension:
    """One module of engine/sim/kernel/, linked with numpy's random C library."""
    return Extension(
        f"engine.sim.kernel.{name}",
        [f"engine/sim/kernel/{name}.pyx"],
        include_dirs=[np.get_include(), "engine/sim/kernel"],
        library_dirs=[os.path.join(NUMPY, "random", "lib"), os.path.join(NUMPY, "_core", "lib")],
        libraries=["npyrandom", "npymath", "m"],
        define_macros=[("NPY_NO_DEPRECATED_API", "NPY_1_7_API_VERSION")],
        # the reference's arithmetic, operation by operation: no fused multiply-adds
        extra_compile_args=["-O2", "-ffp-contract=off", "-fno-fast-math"],
    )


setup(ext_modules=cythonize([kernel("_core"), kernel("_turn"), kernel("_paths"),
                             kernel("_command"), kernel("_plan"), kernel("_loop")],
                            language_level=3))
