// Temporary entry point while the command line is written (replaced before landing).
#include <cstdio>
int main() { std::puts("mailsim " MAILSIM_VERSION); }
