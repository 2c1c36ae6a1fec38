#!/usr/bin/env python3
"""
Router advertisements for the SLAAC test, sent from a tap's network namespace:

    send-ra.py IFACE PREFIX COUNT

sends COUNT advertisements, half a second apart, to all nodes of IFACE (ff02::1), each with one
prefix option PREFIX/64 that is on-link and autonomous (hosts make an address in it), from a
router of lifetime 0 (not a default router). No router daemon needed.
"""
import socket
import struct
import sys
import time

iface, prefix, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
# Neighbour discovery accepts only what no router forwarded: hop limit 255.
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, 255)
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_IF, socket.if_nametoindex(iface))
# Not to this namespace's own kernel, which would take the prefix too.
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_LOOP, 0)
# Type 134, code 0, checksum (the kernel's), hop limit 64, no flags, router lifetime 0, reachable and retransmit timers 0.
ra = struct.pack('!BBHBBHII', 134, 0, 0, 64, 0, 0, 0, 0)
# Prefix information: type 3, 4 units of 8 bytes, /64, on-link and autonomous, lifetimes 3600 s.
ra += struct.pack('!BBBBIII', 3, 4, 64, 0xC0, 3600, 3600, 0) + socket.inet_pton(socket.AF_INET6, prefix)
for i in range(count):
    s.sendto(ra, ('ff02::1', 0, 0, socket.if_nametoindex(iface)))
    if i + 1 < count:
        time.sleep(0.5)
print(f'sent {count} router advertisements for {prefix}/64', flush=True)
