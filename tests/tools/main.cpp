// tests/tools/main.cpp: the one doctest main of the tools' unit-test binary.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
