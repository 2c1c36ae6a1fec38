#!/usr/bin/env python3
"""
The TCP checksums of the frames on a tap device, for the checksum offload test: run in the tap's
network namespace as

    tap-checksums.py IFACE GUEST_MAC

it captures every frame (AF_PACKET) until SIGTERM, then prints one line per direction:

    from-guest complete C partial P bad B large L
    to-guest complete C partial P bad B large L

`complete`: the checksum is right. `partial`: the checksum field holds the folded sum of the
pseudo-header, as a sender that leaves the checksum to the device writes it (virtio's NEEDS_CSUM,
Linux's CHECKSUM_PARTIAL), and the kernel says the frame's checksum is not ready. `bad`: neither.
`large`: TCP frames longer than an Ethernet frame of a 1500-byte MTU (1514 bytes), which only
segmentation offload puts on the tap: the host's kernel hands the guest whole segments (virtio's
GUEST_TSO) instead of cutting them to the MTU.
"""
import signal
import socket
import struct
import sys

ETH_P_ALL = 0x0003
SOL_PACKET = 263
PACKET_AUXDATA = 8
TP_STATUS_CSUMNOTREADY = 1 << 3


def ones_sum(data, total=0):
    if len(data) % 2:
        data += b'\0'
    for (word,) in struct.iter_unpack('!H', data):
        total += word
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return total


def tcp_parts(frame):
    """(pseudo-header sum, TCP segment) of a TCP frame over IPv4 or IPv6, else None."""
    kind = struct.unpack('!H', frame[12:14])[0]
    ip = frame[14:]
    if kind == 0x0800 and len(ip) >= 20 and ip[9] == 6:
        total = struct.unpack('!H', ip[2:4])[0]
        seg = ip[(ip[0] & 0xF) * 4:total]
        return ones_sum(ip[12:20] + struct.pack('!HH', 6, len(seg))), seg
    if kind == 0x86DD and len(ip) >= 40 and ip[6] == 6:
        seg = ip[40:40 + struct.unpack('!H', ip[4:6])[0]]
        return ones_sum(ip[8:40] + struct.pack('!IxxxB', len(seg), 6)), seg
    return None


def main():
    iface, guest = sys.argv[1], bytes.fromhex(sys.argv[2].replace(':', ''))
    counts = {d: {'complete': 0, 'partial': 0, 'bad': 0, 'large': 0} for d in ('from-guest', 'to-guest')}

    def report(*_):
        for d, c in counts.items():
            print(f"{d} complete {c['complete']} partial {c['partial']} bad {c['bad']} large {c['large']}", flush=True)
        sys.exit(0)

    signal.signal(signal.SIGTERM, report)
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    s.setsockopt(SOL_PACKET, PACKET_AUXDATA, 1)
    s.bind((iface, 0))
    print('capturing', flush=True)
    while True:
        frame, anc, _, _ = s.recvmsg(65536, socket.CMSG_SPACE(32))
        status = 0
        for level, kind, data in anc:
            if level == SOL_PACKET and kind == PACKET_AUXDATA:
                status = struct.unpack_from('I', data)[0]
        direction = 'from-guest' if frame[6:12] == guest else 'to-guest' if frame[0:6] == guest else None
        parts = tcp_parts(frame) if direction and len(frame) >= 14 else None
        if not parts:
            continue
        pseudo, seg = parts
        if len(frame) > 1514:
            counts[direction]['large'] += 1
        if len(seg) < 20:
            counts[direction]['bad'] += 1
        elif status & TP_STATUS_CSUMNOTREADY:
            field = struct.unpack('!H', seg[16:18])[0]
            counts[direction]['partial' if field == pseudo else 'bad'] += 1
        else:
            counts[direction]['complete' if ones_sum(seg, pseudo) == 0xFFFF else 'bad'] += 1


main()
