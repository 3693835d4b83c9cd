/* tests/unit/testhelp.h - a tiny test runner (after Redis src/unit/testhelp.h).
 * TEST(name) { ... } registers a test; CHECK(cond) records a failure and
 * goes on; REQUIRE(cond) records it and leaves the test. The runner prints
 * one line per failure and ends with "N passed, N failed".
 */
#ifndef TESTHELP_H
#define TESTHELP_H

#include <stdio.h>

typedef void (*test_fn)(void);
void test_register(const char *name, const char *file, test_fn fn);
void test_fail(const char *file, int line, const char *expr);
extern int test_failures_now;

#define TEST(name)							\
	static void test_##name(void);					\
	__attribute__((constructor)) static void reg_##name(void)	\
	{ test_register(#name, __FILE__, test_##name); }		\
	static void test_##name(void)

#define CHECK(cond) do { if (!(cond)) test_fail(__FILE__, __LINE__, #cond); } while (0)
#define REQUIRE(cond) do { if (!(cond)) { test_fail(__FILE__, __LINE__, #cond); return; } } while (0)
#define CHECK_EQ_UL(a, b) do { unsigned long a_ = (a), b_ = (b); if (a_ != b_) {	\
	char m_[256]; snprintf(m_, sizeof m_, "%s == %s (%lu != %lu)", #a, #b, a_, b_); \
	test_fail(__FILE__, __LINE__, m_); } } while (0)
#define CHECK_EQ_L(a, b) do { long a_ = (a), b_ = (b); if (a_ != b_) {	\
	char m_[256]; snprintf(m_, sizeof m_, "%s == %s (%ld != %ld)", #a, #b, a_, b_); \
	test_fail(__FILE__, __LINE__, m_); } } while (0)
#define CHECK_STR(a, b) do { const char *a_ = (a), *b_ = (b); if (strcmp(a_, b_)) { \
	char m_[1024]; snprintf(m_, sizeof m_, "%.200s == %.200s (\"%.250s\" != \"%.250s\")", #a, #b, a_, b_); \
	test_fail(__FILE__, __LINE__, m_); } } while (0)

#endif
