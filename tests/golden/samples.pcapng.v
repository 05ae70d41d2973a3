22:13:20.123457 s1 session start: front /tmp/vhostsniff-test/a.sock (listen, pid 4711: qemu-system-x86_64 -m 256M -name "vm\1"
	-nodefaults) back /tmp/vhostsniff-test/b.sock (connect, pid 4702: qemu-storage-daemon --export type=vhost-user-blk,id=e0)
22:13:20.123458 s1 main front>back VHOST_USER_GET_FEATURES [0x1] size 0 fds 0
    Request: 1  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
22:13:20.123459 s1 main back>front VHOST_USER_GET_FEATURES [0x5 reply] size 8 fds 0: features=0x150000246 <SIZE_MAX,SEG_MAX,BLK_SIZE,FLUSH,INDIRECT_DESC,PROTOCOL_FEATURES,VERSION_1> (latency 1.0us)
    Request: 1  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Virtio features: 0x150000246 <SIZE_MAX,SEG_MAX,BLK_SIZE,FLUSH,INDIRECT_DESC,PROTOCOL_FEATURES,VERSION_1>  [12+8]
        bit  1: SIZE_MAX
        bit  2: SEG_MAX
        bit  6: BLK_SIZE
        bit  9: FLUSH
        bit 28: INDIRECT_DESC
        bit 30: PROTOCOL_FEATURES
        bit 32: VERSION_1
22:13:20.123460 s1 main front>back VHOST_USER_GET_PROTOCOL_FEATURES [0x1] size 0 fds 0
    Request: 15  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
22:13:20.123461 s1 main back>front VHOST_USER_GET_PROTOCOL_FEATURES [0x5 reply] size 8 fds 0: protocol_features=0x8229 <MQ,REPLY_ACK,BACKEND_REQ,CONFIG,CONFIGURE_MEM_SLOTS> (latency 1.0us)
    Request: 15  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Protocol features: 0x8229 <MQ,REPLY_ACK,BACKEND_REQ,CONFIG,CONFIGURE_MEM_SLOTS>  [12+8]
        bit  0: MQ
        bit  3: REPLY_ACK
        bit  5: BACKEND_REQ
        bit  9: CONFIG
        bit 15: CONFIGURE_MEM_SLOTS
22:13:20.123462 s1 main front>back VHOST_USER_SET_PROTOCOL_FEATURES [0x1] size 8 fds 0: protocol_features=0x8229 <MQ,REPLY_ACK,BACKEND_REQ,CONFIG,CONFIGURE_MEM_SLOTS>
    Request: 16  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Protocol features: 0x8229 <MQ,REPLY_ACK,BACKEND_REQ,CONFIG,CONFIGURE_MEM_SLOTS>  [12+8]
        bit  0: MQ
        bit  3: REPLY_ACK
        bit  5: BACKEND_REQ
        bit  9: CONFIG
        bit 15: CONFIGURE_MEM_SLOTS
22:13:20.123463 s1 main front>back VHOST_USER_SET_FEATURES [0x1] size 8 fds 0: features=0x150000246 <SIZE_MAX,SEG_MAX,BLK_SIZE,FLUSH,INDIRECT_DESC,PROTOCOL_FEATURES,VERSION_1>
    Request: 2  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Virtio features: 0x150000246 <SIZE_MAX,SEG_MAX,BLK_SIZE,FLUSH,INDIRECT_DESC,PROTOCOL_FEATURES,VERSION_1>  [12+8]
        bit  1: SIZE_MAX
        bit  2: SEG_MAX
        bit  6: BLK_SIZE
        bit  9: FLUSH
        bit 28: INDIRECT_DESC
        bit 30: PROTOCOL_FEATURES
        bit 32: VERSION_1
22:13:20.123464 s1 main front>back VHOST_USER_SET_OWNER [0x1] size 0 fds 0
    Request: 3  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
22:13:20.123465 s1 main front>back VHOST_USER_SET_BACKEND_REQ_FD [0x9 need_reply] size 0 fds 1
    Request: 21  [0+4]
    Flags: 0x9  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: true  [4+4]
    Payload size: 0  [8+4]
    fd 0: socket inode 90001 size 0 name "socket:[90001]"
22:13:20.123466 s1 main back>front VHOST_USER_SET_BACKEND_REQ_FD [0x5 reply] size 8 fds 0: ack=0 (latency 1.0us)
    Request: 21  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Reply-ack result: 0  [12+8]
22:13:20.123467 s1 main front>back VHOST_USER_SET_MEM_TABLE [0x9 need_reply] size 40 fds 1: nregions=1 region[guest_addr=0x0 size=0x10000000 user_addr=0x7f0000000000 mmap_offset=0x0]
    Request: 5  [0+4]
    Flags: 0x9  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: true  [4+4]
    Payload size: 40  [8+4]
    Regions: 1  [12+4]
    Padding: 0x0  [16+4]
    Region  [20+32]
        Guest physical address: 0x0  [20+8]
        Size: 0x10000000  [28+8]
        Userspace address: 0x7f0000000000  [36+8]
        Mmap offset: 0x0  [44+8]
    fd 0: memfd inode 4242 size 268435456 name "pc.ram"
22:13:20.123468 s1 main back>front VHOST_USER_SET_MEM_TABLE [0x5 reply] size 8 fds 0: ack=0 (latency 1.0us)
    Request: 5  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Reply-ack result: 0  [12+8]
22:13:20.123469 s1 main front>back VHOST_USER_SET_VRING_NUM [0x1] size 8 fds 0: index=0 size=256
    Request: 8  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Queue size: 256  [16+4]
22:13:20.123470 s1 main front>back VHOST_USER_SET_VRING_ADDR [0x1] size 40 fds 0: index=0 addr_flags=0x0 desc_user_addr=0x7f0000100000 used_user_addr=0x7f0000101000 avail_user_addr=0x7f0000102000 log_guest_addr=0x0
    Request: 9  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 40  [8+4]
    Vring index: 0  [12+4]
    Address flags: 0x0  [16+4]
        Log used-ring writes: false  [16+4]
    Descriptor table address: 0x7f0000100000  [20+8]
    Used ring address: 0x7f0000101000  [28+8]
    Avail ring address: 0x7f0000102000  [36+8]
    Log guest address: 0x0  [44+8]
22:13:20.123471 s1 main front>back VHOST_USER_SET_VRING_BASE [0x1] size 8 fds 0: index=0 base=0
    Request: 10  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Vring base: 0  [16+4]
22:13:20.123472 s1 main front>back VHOST_USER_SET_VRING_KICK [0x1] size 8 fds 1: index=0
    Request: 12  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring fd descriptor: 0x0  [12+8]
        Vring index: 0  [12+8]
        No fd: false  [12+8]
    fd 0: eventfd inode 7001 size 0 name "anon_inode:[eventfd]"
22:13:20.123473 s1 main front>back VHOST_USER_SET_VRING_CALL [0x1] size 8 fds 1: index=0
    Request: 13  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring fd descriptor: 0x0  [12+8]
        Vring index: 0  [12+8]
        No fd: false  [12+8]
    fd 0: eventfd inode 7002 size 0 name "anon_inode:[eventfd]"
22:13:20.123474 s1 backend back>front VHOST_USER_BACKEND_CONFIG_CHANGE_MSG [0x9 need_reply] size 0 fds 0
    Request: 2  [0+4]
    Flags: 0x9  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: true  [4+4]
    Payload size: 0  [8+4]
22:13:20.123475 s1 backend front>back VHOST_USER_BACKEND_CONFIG_CHANGE_MSG [0x5 reply] size 8 fds 0: ack=0 (latency 1.0us)
    Request: 2  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Reply-ack result: 0  [12+8]
22:13:20.123476 s1 main front>back VHOST_USER_GET_CONFIG [0x1] size 20 fds 0: offset=0 size=8 flags=0 (frontend) data=0000000000000000
    Request: 24  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 20  [8+4]
    Config offset: 0  [12+4]
    Config size: 8  [16+4]
    Config flags: 0 (frontend)  [20+4]
    Config bytes: 0000000000000000  [24+8]
22:13:20.123477 s1 main back>front VHOST_USER_GET_CONFIG [0x5 reply] size 20 fds 0: offset=0 size=8 flags=0 (frontend) data=0000200000000000 (latency 1.0us)
    Request: 24  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 20  [8+4]
    Config offset: 0  [12+4]
    Config size: 8  [16+4]
    Config flags: 0 (frontend)  [20+4]
    Config bytes: 0000200000000000  [24+8]
22:13:20.123478 s1 main front>back VHOST_USER_GET_VRING_BASE [0x1] size 8 fds 0: index=0 num=0
    Request: 11  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Vring num: 0  [16+4]
22:13:20.123479 s1 main back>front VHOST_USER_GET_VRING_BASE [0x5 reply] size 8 fds 0: index=0 base=42 (latency 1.0us)
    Request: 11  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Vring base: 42  [16+4]
22:13:20.123480 s1 main front>back SHORT [no header: 5 bytes] fds 0 !! malformed: message shorter than the 12-byte header (5 bytes)
    Request: 1  [0+4]
    [malformed.short_header] message shorter than the 12-byte header (5 bytes)
22:13:20.123481 s1 main front>back VHOST_USER_SET_VRING_NUM [0x1] size 8 (4 bytes kept) fds 0: index=0 !! malformed: payload shorter than the header's size (size 8, 4 bytes present)
    Request: 8  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    [malformed.truncated] payload shorter than the header's size (size 8, 4 bytes present)
22:13:20.123482 s1 main front>back UNKNOWN(77) [0x1] size 0 fds 0 !! malformed: unknown request number (77 on the main channel)
    Request: 77  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
    [malformed.unknown_request] unknown request number (77 on the main channel)
22:13:20.123483 s1 main front>back VHOST_USER_GET_FEATURES [0x2] size 0 fds 0 !! malformed: flags version is not 1 (flags 0x2)
    Request: 1  [0+4]
    Flags: 0x2  [4+4]
        Version: 2  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
    [malformed.version] flags version is not 1 (flags 0x2)
22:13:20.123484 s1 main front>back VHOST_USER_SET_MEM_TABLE [0x1] size 5000 (16 bytes kept) fds 0: data=01000000000000000000000000000000 [truncated by the relay] !! malformed: payload shorter than the header's size (size 5000, 16 bytes present) !! size beyond the largest legal payload (2056 bytes) (size 5000)
    Request: 5  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 5000  [8+4]
    Payload: 01000000000000000000000000000000  [12+16]
    [malformed.truncated] payload shorter than the header's size (size 5000, 16 bytes present)
    [malformed.oversize] size beyond the largest legal payload (2056 bytes) (size 5000)
22:13:20.123485 s1 main front>back VHOST_USER_SET_MEM_TABLE [0x1] size 40 fds 9: nregions=1 region[guest_addr=0x0 size=0x10000000 user_addr=0x7f0000000000 mmap_offset=0x0] !! unexpected number of fds for this message (9 fds, one fd per region needs 1) !! more than 8 fds on one message (9 fds)
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
        Size: 0x10000000  [28+8]
        Userspace address: 0x7f0000000000  [36+8]
        Mmap offset: 0x0  [44+8]
    [fds.count] unexpected number of fds for this message (9 fds, one fd per region needs 1)
    [fds.too_many] more than 8 fds on one message (9 fds)
    fd 0: file inode 100 size 4096 name "/dev/hugepages/rtemap_01234567890123456"
    fd 1: file inode 101 size 8192 name "/dev/hugepages/rtemap_01234567890123456"
    fd 2: file inode 102 size 12288 name "/dev/hugepages/rtemap_01234567890123456"
    fd 3: file inode 103 size 16384 name "/dev/hugepages/rtemap_01234567890123456"
    fd 4: file inode 104 size 20480 name "/dev/hugepages/rtemap_01234567890123456"
    fd 5: file inode 105 size 24576 name "/dev/hugepages/rtemap_01234567890123456"
    fd 6: file inode 106 size 28672 name "/dev/hugepages/rtemap_01234567890123456"
    fd 7: file inode 107 size 32768 name "/dev/hugepages/rtemap_01234567890123456"
    (1 more fds not described)
22:13:20.123486 s1 session end: front closed; device blk (cmdline, features); dialect qemu !! no reply came to a request that must be answered (VHOST_USER_GET_FEATURES on the main channel, frame 27, pending when the session ended)
22:13:20.123487 s2 session start: front /tmp/vhostsniff-test/a.sock (listen, pid 4711: qemu-system-x86_64 -m 256M) back /tmp/vhostsniff-test/b.sock (connect)
22:13:20.123488 s2 main front>back VHOST_USER_GET_FEATURES [0x1] size 0 fds 0
    Request: 1  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
22:13:20.123489 s2 main back>front VHOST_USER_GET_FEATURES [0x5 reply] size 8 fds 0: features=0x150000246 <SIZE_MAX,SEG_MAX,BLK_SIZE,FLUSH,INDIRECT_DESC,PROTOCOL_FEATURES,VERSION_1> (latency 1.0us)
    Request: 1  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Virtio features: 0x150000246 <SIZE_MAX,SEG_MAX,BLK_SIZE,FLUSH,INDIRECT_DESC,PROTOCOL_FEATURES,VERSION_1>  [12+8]
        bit  1: SIZE_MAX
        bit  2: SEG_MAX
        bit  6: BLK_SIZE
        bit  9: FLUSH
        bit 28: INDIRECT_DESC
        bit 30: PROTOCOL_FEATURES
        bit 32: VERSION_1
22:13:20.123490 s2 session end: back closed; device blk (features); dialect qemu !! session ended mid-negotiation (no ring started; last request VHOST_USER_GET_FEATURES, frame 32; back closed; nothing pending)
22:13:20.123491 s3 session start: front /tmp/vhostsniff-test/a.sock (listen, pid 4711: vmm --vhost-user-socket /tmp/vhostsniff-test/a.sock) back /tmp/vhostsniff-test/b.sock (connect)
22:13:20.123492 s3 main front>back VHOST_USER_SET_PROTOCOL_FEATURES [0x1] size 8 fds 0: protocol_features=0x20001 <MQ,XEN_MMAP> !! SET_PROTOCOL_FEATURES with no GET_PROTOCOL_FEATURES before (rust-vmm/vhost #290: such back-ends never ack) (protocol features 0x20001)
    Request: 16  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Protocol features: 0x20001 <MQ,XEN_MMAP>  [12+8]
        bit  0: MQ
        bit 17: XEN_MMAP
    [sequence.set_protocol_without_get] SET_PROTOCOL_FEATURES with no GET_PROTOCOL_FEATURES before (rust-vmm/vhost #290: such back-ends never ack) (protocol features 0x20001)
22:13:20.123493 s3 main front>back VHOST_USER_CHECK_DEVICE_STATE [0x1] size 0 fds 0 !! request needs a feature that was not negotiated (protocol feature DEVICE_STATE)
    Request: 43  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
    [sequence.not_negotiated] request needs a feature that was not negotiated (protocol feature DEVICE_STATE)
22:13:20.123494 s3 main back>front VHOST_USER_CHECK_DEVICE_STATE [0x5 reply] size 8 fds 0: result=0 (latency 1.0us)
    Request: 43  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Result: 0  [12+8]
22:13:20.123495 s3 session end: front closed; device unknown; dialect qemu !! session ended mid-negotiation (no ring started; last request VHOST_USER_CHECK_DEVICE_STATE, frame 37; front closed; nothing pending)
22:13:20.123496 s4 session start: front /tmp/vhostsniff-test/a.sock (listen, pid 4711: vmm --vhost-user-socket /tmp/vhostsniff-test/a.sock) back /tmp/vhostsniff-test/b.sock (connect)
22:13:20.123497 s4 main front>back VHOST_USER_SLEEP [0x1] size 0 fds 0
    Request: 1000  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
22:13:20.123498 s4 main back>front VHOST_USER_SLEEP [0x5 reply] size 1 fds 0: data=01 (latency 1.0us)
    Request: 1000  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 1  [8+4]
    Payload: 01  [12+1]
22:13:20.123499 s4 session end: front closed; device unknown; dialect crosvm (request) !! session ended mid-negotiation (no ring started; last request VHOST_USER_SLEEP, frame 41; front closed; nothing pending)
