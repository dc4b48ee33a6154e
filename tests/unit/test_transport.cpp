// tests/unit/test_transport.cpp: the bound hypercall transports (shim/arch/x86_64/transport.hpp)
// put each argument in the register the ABI names and take the result from rax, for every
// arity 0..5. A hosted test cannot make a Xen hypercall, but the Linux x86_64 system-call ABI is
// the same as Xen's 64-bit PV one (rax = number and result; rdi rsi rdx r10 r8; syscall
// clobbers rcx and r11), so Syscall::call<N> runs real system calls here, and the page
// transports run a page whose stubs are written as Xen writes a 64-bit PV hypercall page
// (`mov $nr, %eax; syscall; ret` at nr * 32).
// The -m32 build checks the i386 transports (shim/arch/i386/transport.hpp) the same way: Linux's
// i386 system-call ABI has Xen's x86_32 registers (eax = number and result; ebx ecx edx esi edi),
// so a page whose stubs are `mov $nr, %eax; int $0x80; ret` runs real system calls through
// Page::call<N>, the same asm as Int82's with another instruction (int $0x82 itself would fault
// outside a PV32 guest: tests/boot's pv32 case runs it on Xen).
#include <doctest/doctest.h>

#if defined(__x86_64__)

#include "shim/arch/x86_64/transport.hpp"

#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstring>

namespace {

using xshim::arch_x86_64::Page;
using xshim::arch_x86_64::Syscall;

// The checks every transport must pass, T::call<N>(...) being the transport.
template <typename T> void check_arities(const T &t) {
    // 0 arguments
    CHECK(t.template call<SYS_getpid>() == getpid());

    // 3 arguments (rdi rsi rdx): write into a pipe, read it back.
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    CHECK(t.template call<SYS_write>(fds[1], "xen", 3) == 3);
    char buf[8] = {};
    CHECK(read(fds[0], buf, sizeof buf) == 3);
    CHECK(std::memcmp(buf, "xen", 3) == 0);
    // 1 argument: close
    CHECK(t.template call<SYS_close>(fds[1]) == 0);
    CHECK(t.template call<SYS_close>(fds[1]) == -9); // -EBADF: the result is Linux's, in rax
    close(fds[0]);

    // 4 arguments (r10 = offset): pread64 from a memfd at offset 2.
    const int fd = static_cast<int>(syscall(SYS_memfd_create, "xshim-transport", 0));
    REQUIRE(fd >= 0);
    REQUIRE(write(fd, "0123456789", 10) == 10);
    char four[4] = {};
    CHECK(t.template call<SYS_pread64>(fd, four, 4, 2) == 4);
    CHECK(std::memcmp(four, "2345", 4) == 0);
    close(fd);

    // 5 arguments (r8 = new address): mremap a page onto a chosen address; only a correctly
    // passed fifth argument lands it there.
    void *a = mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    void *b = mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    REQUIRE(a != MAP_FAILED);
    REQUIRE(b != MAP_FAILED);
    static_cast<char *>(a)[0] = 'x';
    const long moved = t.template call<SYS_mremap>(a, 4096, 4096, MREMAP_MAYMOVE | MREMAP_FIXED, b);
    CHECK(moved == reinterpret_cast<long>(b));
    CHECK(static_cast<char *>(b)[0] == 'x');
    munmap(b, 4096);
}

} // namespace

TEST_CASE("transport: Syscall binds rdi rsi rdx r10 r8 and returns rax, arity 0..5") {
    check_arities(Syscall{});
}

TEST_CASE("transport: Page calls stub nr of the page, arity 0..5") {
    // A page as Xen writes a 64-bit PV hypercall page: stub nr = mov $nr, %eax; syscall; ret.
    auto *page = static_cast<unsigned char *>(
        mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    REQUIRE(page != MAP_FAILED);
    std::memset(page, 0xcc, 4096);
    for (uint32_t nr = 0; nr < XSHIM_HC_PAGE_ENTRIES; ++nr) {
        unsigned char *stub = page + nr * XSHIM_HC_PAGE_STRIDE;
        const unsigned char code[] = {0xb8, uint8_t(nr), uint8_t(nr >> 8), 0, 0, 0x0f, 0x05, 0xc3};
        std::memcpy(stub, code, sizeof code);
    }
    if (mprotect(page, 4096, PROT_READ | PROT_EXEC) != 0) {
        MESSAGE("no executable anonymous page on this host: page transport not run");
        munmap(page, 4096);
        return;
    }
    xshim_hypercall hc{};
    hc.cookie = page;
    Page t;
    REQUIRE(t.bind(hc));
    check_arities(t);
    hc.cookie = nullptr;
    CHECK_FALSE(Page{}.bind(hc)); // no page, no binding
    munmap(page, 4096);
}

#elif defined(__i386__)

#include "shim/arch/i386/transport.hpp"

#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <csignal>
#include <cstring>

TEST_CASE("transport (i386): Page binds ebx ecx edx esi edi and returns eax, arity 0..5") {
    // A page of stubs as Xen writes a 32-bit PV hypercall page, with Linux's int $0x80 for
    // Xen's int $0x82: stub nr = mov $nr, %eax; int $0x80; ret. The page has 128 stubs; three
    // of them stand for i386 system calls numbered above 127 (stub kGetcwd makes getcwd, ...).
    constexpr uint32_t kGetcwd = 100, kSigprocmask = 101, kMremap = 102;
    auto linux_nr = [](uint32_t nr) -> uint32_t {
        return nr == kGetcwd        ? SYS_getcwd
               : nr == kSigprocmask ? SYS_rt_sigprocmask
               : nr == kMremap      ? SYS_mremap
                                    : nr;
    };
    auto *page = static_cast<unsigned char *>(
        mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    REQUIRE(page != MAP_FAILED);
    std::memset(page, 0xcc, 4096);
    for (uint32_t nr = 0; nr < XSHIM_HC_PAGE_ENTRIES; ++nr) {
        const uint32_t l = linux_nr(nr);
        const unsigned char code[] = {0xb8, uint8_t(l), uint8_t(l >> 8), 0, 0, 0xcd, 0x80, 0xc3};
        std::memcpy(page + nr * XSHIM_HC_PAGE_STRIDE, code, sizeof code);
    }
    if (mprotect(page, 4096, PROT_READ | PROT_EXEC) != 0) {
        MESSAGE("no executable anonymous page on this host: page transport not run");
        munmap(page, 4096);
        return;
    }
    xshim_hypercall hc{};
    hc.cookie = page;
    xshim::arch_i386::Page t;
    REQUIRE(t.bind(hc));

    // 0 arguments
    CHECK(t.call<SYS_getpid>() == getpid());
    // 3 arguments (ebx ecx edx): write into a pipe, read it back.
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    CHECK(t.call<SYS_write>(fds[1], "xen", 3) == 3);
    char buf[8] = {};
    CHECK(read(fds[0], buf, sizeof buf) == 3);
    CHECK(std::memcmp(buf, "xen", 3) == 0);
    // 1 argument: close, and the error comes back in eax
    CHECK(t.call<SYS_close>(fds[1]) == 0);
    CHECK(t.call<SYS_close>(fds[1]) == -9); // -EBADF
    close(fds[0]);
    // 2 arguments: the second (ecx) is the buffer's size.
    char cwd[4096] = {};
    CHECK(t.call<kGetcwd>(cwd, sizeof cwd) > 1);
    CHECK(t.call<kGetcwd>(cwd, 1) == -34); // -ERANGE: ecx carried the 1
    // 4 arguments (esi = sigsetsize): only the kernel's own size (8) is accepted.
    sigset_t old;
    CHECK(t.call<kSigprocmask>(SIG_BLOCK, nullptr, &old, 8) == 0);
    CHECK(t.call<kSigprocmask>(SIG_BLOCK, nullptr, &old, 7) == -22);
    // 5 arguments (edi = new address): mremap a page onto a chosen address.
    void *a = mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    void *b = mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    REQUIRE(a != MAP_FAILED);
    REQUIRE(b != MAP_FAILED);
    static_cast<char *>(a)[0] = 'x';
    const long moved = t.call<kMremap>(a, 4096, 4096, MREMAP_MAYMOVE | MREMAP_FIXED, b);
    CHECK(moved == reinterpret_cast<long>(b));
    CHECK(static_cast<char *>(b)[0] == 'x');
    munmap(b, 4096);

    hc.cookie = nullptr;
    CHECK_FALSE(xshim::arch_i386::Page{}.bind(hc)); // no page, no binding
    munmap(page, 4096);
}

#endif
