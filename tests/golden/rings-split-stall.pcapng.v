12:17:15.460248 s1 session start: front /tmp/test-relay-UCOZZ3/front.sock (listen, pid 11774: tests/test-rings -p /rings/snapshots-and-stall) back /tmp/test-relay-UCOZZ3/back.sock (connect, pid 11774: tests/test-rings -p /rings/snapshots-and-stall)
12:17:15.460289 s1 main front>back VHOST_USER_SET_FEATURES [0x1] size 8 fds 0: features=0x100000000 <VERSION_1>
    Request: 2  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Virtio features: 0x100000000 <VERSION_1>  [12+8]
        bit 32: VERSION_1
12:17:15.460313 s1 main front>back VHOST_USER_SET_MEM_TABLE [0x1] size 40 fds 1: nregions=1 region[guest_addr=0x0 size=0x10000 user_addr=0x7f0000000000 mmap_offset=0x0]
    Request: 5  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 40  [8+4]
    Regions: 1  [12+4]
    Padding: 0x0  [16+4]
    Region  [20+32]
        Guest physical address: 0x0  [20+8]
        Size: 0x10000  [28+8]
        Userspace address: 0x7f0000000000  [36+8]
        Mmap offset: 0x0  [44+8]
    fd 0: memfd inode 6256045 size 65536 name "guest-ram"
12:17:15.460361 s1 main front>back VHOST_USER_SET_VRING_NUM [0x1] size 8 fds 0: index=0 size=8
    Request: 8  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Queue size: 8  [16+4]
12:17:15.460371 s1 main front>back VHOST_USER_SET_VRING_BASE [0x1] size 8 fds 0: index=0 base=0
    Request: 10  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Vring base: 0  [16+4]
12:17:15.460380 s1 main front>back VHOST_USER_SET_VRING_ADDR [0x1] size 40 fds 0: index=0 addr_flags=0x0 desc_user_addr=0x7f0000001000 used_user_addr=0x7f0000003000 avail_user_addr=0x7f0000002000 log_guest_addr=0x0
    Request: 9  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 40  [8+4]
    Vring index: 0  [12+4]
    Address flags: 0x0  [16+4]
        Log used-ring writes: false  [16+4]
    Descriptor table address: 0x7f0000001000  [20+8]
    Used ring address: 0x7f0000003000  [28+8]
    Avail ring address: 0x7f0000002000  [36+8]
    Log guest address: 0x0  [44+8]
12:17:15.460380 s1 ring 0 (SET_VRING_ADDR): avail 2 used 0, 2 in flight, flags avail 0x0 used 0x0
12:17:15.460390 s1 main front>back VHOST_USER_SET_VRING_KICK [0x1] size 8 fds 1: index=0
    Request: 12  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring fd descriptor: 0x0  [12+8]
        Vring index: 0  [12+8]
        No fd: false  [12+8]
    fd 0: eventfd inode 1038 size 0 name "anon_inode:[eventfd]"
12:17:15.460390 s1 ring 0 (SET_VRING_KICK): avail 2 used 0, 2 in flight, flags avail 0x0 used 0x0
12:17:15.769321 s1 ring 0 (interval): avail 2 used 0, 2 in flight, flags avail 0x0 used 0x0, stalled 0.3s !! started, enabled ring with requests in flight whose used index does not move (vring 0: avail index 2, used index 0, 2 in flight, used index still for 0.3 s)
12:17:15.789544 s1 ring 0 (interval): avail 2 used 2, 0 in flight, flags avail 0x0 used 0x0 !! a stalled ring's used index moves again (vring 0: used index 0 -> 2 after 0.3 s)
12:17:15.792369 s1 ring 0 (end): avail 2 used 2, 0 in flight, flags avail 0x0 used 0x0
12:17:15.792369 s1 session end: front closed; device unknown; dialect qemu
