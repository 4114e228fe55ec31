/* Calls the functions of object_functions.clif, compiled by lathe. */
#include <stdio.h>
#include <stdint.h>

int64_t sum(int64_t, int64_t);
int64_t fib(int64_t);
int64_t gcd(int64_t, int64_t);
int64_t fib_plus_abs(int64_t, int64_t);
int32_t sum_bytes(int8_t, int8_t, int8_t);
int64_t labs_through_pointer(int64_t);

int main(void) {
    printf("sum %lld\n", (long long)sum(40, 2));
    printf("fib %lld\n", (long long)fib(50));
    printf("gcd %lld\n", (long long)gcd(1071, 462));
    printf("fib_plus_abs %lld\n", (long long)fib_plus_abs(10, -45));
    printf("sum_bytes %d\n", sum_bytes(200, 100, 7));
    printf("labs_through_pointer %lld\n", (long long)labs_through_pointer(-7));
    return 0;
}
