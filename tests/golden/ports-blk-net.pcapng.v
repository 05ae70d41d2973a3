11:37:22.086830 net0 s1 session start: front /work/wt-ports/tests/work/ports-blk-net.18474/net.sock (listen, pid 18619: dpdk-testpmd -l 1,0 --main-lcore 1 --no-huge -m 512 --no-pci --file-pref...) back /work/wt-ports/tests/work/ports-blk-net.18474/net.sock.vhostsniff-wrapped (connect, pid 18551: dpdk-testpmd -l 0,1 --main-lcore 0 --no-huge -m 512 --no-pci --file-pref...)
11:37:22.086897 net0 s1 main front>back VHOST_USER_SET_OWNER [0x1] size 0 fds 0
    Request: 3  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
11:37:22.086900 net0 s1 main front>back VHOST_USER_GET_FEATURES [0x1] size 0 fds 0
    Request: 1  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
11:37:22.709256 net0 s1 main back>front VHOST_USER_GET_FEATURES [0x5 reply] size 8 fds 0: features=0xd7c66e7cb <CSUM,GUEST_CSUM,MTU,GSO,GUEST_TSO4,GUEST_TSO6,GUEST_ECN,GUEST_UFO,HOST_ECN,HOST_UFO,MRG_RXBUF,CTRL_VQ,CTRL_RX,GUEST_ANNOUNCE,MQ,LOG_ALL,ANY_LAYOUT,INDIRECT_DESC,EVENT_IDX,PROTOCOL_FEATURES,VERSION_1,RING_PACKED,IN_ORDER> (latency 622.356ms)
    Request: 1  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Virtio features: 0xd7c66e7cb <CSUM,GUEST_CSUM,MTU,GSO,GUEST_TSO4,GUEST_TSO6,GUEST_ECN,GUEST_UFO,HOST_ECN,HOST_UFO,MRG_RXBUF,CTRL_VQ,CTRL_RX,GUEST_ANNOUNCE,MQ,LOG_ALL,ANY_LAYOUT,INDIRECT_DESC,EVENT_IDX,PROTOCOL_FEATURES,VERSION_1,RING_PACKED,IN_ORDER>  [12+8]
        bit  0: CSUM
        bit  1: GUEST_CSUM
        bit  3: MTU
        bit  6: GSO
        bit  7: GUEST_TSO4
        bit  8: GUEST_TSO6
        bit  9: GUEST_ECN
        bit 10: GUEST_UFO
        bit 13: HOST_ECN
        bit 14: HOST_UFO
        bit 15: MRG_RXBUF
        bit 17: CTRL_VQ
        bit 18: CTRL_RX
        bit 21: GUEST_ANNOUNCE
        bit 22: MQ
        bit 26: LOG_ALL
        bit 27: ANY_LAYOUT
        bit 28: INDIRECT_DESC
        bit 29: EVENT_IDX
        bit 30: PROTOCOL_FEATURES
        bit 32: VERSION_1
        bit 34: RING_PACKED
        bit 35: IN_ORDER
11:37:22.709437 net0 s1 main front>back VHOST_USER_GET_PROTOCOL_FEATURES [0x1] size 0 fds 0
    Request: 15  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
11:37:22.709485 net0 s1 main back>front VHOST_USER_GET_PROTOCOL_FEATURES [0x5 reply] size 8 fds 0: protocol_features=0x10cbf <MQ,LOG_SHMFD,RARP,REPLY_ACK,NET_MTU,BACKEND_REQ,CRYPTO_SESSION,BACKEND_SEND_FD,HOST_NOTIFIER,STATUS> (latency 48.4us)
    Request: 15  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Protocol features: 0x10cbf <MQ,LOG_SHMFD,RARP,REPLY_ACK,NET_MTU,BACKEND_REQ,CRYPTO_SESSION,BACKEND_SEND_FD,HOST_NOTIFIER,STATUS>  [12+8]
        bit  0: MQ
        bit  1: LOG_SHMFD
        bit  2: RARP
        bit  3: REPLY_ACK
        bit  4: NET_MTU
        bit  5: BACKEND_REQ
        bit  7: CRYPTO_SESSION
        bit 10: BACKEND_SEND_FD
        bit 11: HOST_NOTIFIER
        bit 16: STATUS
11:37:22.709520 net0 s1 main front>back VHOST_USER_SET_PROTOCOL_FEATURES [0x1] size 8 fds 0: protocol_features=0x10009 <MQ,REPLY_ACK,STATUS>
    Request: 16  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Protocol features: 0x10009 <MQ,REPLY_ACK,STATUS>  [12+8]
        bit  0: MQ
        bit  3: REPLY_ACK
        bit 16: STATUS
11:37:22.709655 net0 s1 main front>back VHOST_USER_SET_VRING_CALL [0x1] size 8 fds 1: index=0
    Request: 13  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring fd descriptor: 0x0  [12+8]
        Vring index: 0  [12+8]
        No fd: false  [12+8]
    fd 0: eventfd inode 1038 size 0 name "anon_inode:[eventfd]"
11:37:22.709699 net0 s1 main front>back VHOST_USER_SET_VRING_CALL [0x1] size 8 fds 1: index=1
    Request: 13  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring fd descriptor: 0x1  [12+8]
        Vring index: 1  [12+8]
        No fd: false  [12+8]
    fd 0: eventfd inode 1038 size 0 name "anon_inode:[eventfd]"
11:37:22.709706 net0 s1 main front>back VHOST_USER_SET_FEATURES [0x1] size 8 fds 0: features=0x950008000 <MRG_RXBUF,INDIRECT_DESC,PROTOCOL_FEATURES,VERSION_1,IN_ORDER>
    Request: 2  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Virtio features: 0x950008000 <MRG_RXBUF,INDIRECT_DESC,PROTOCOL_FEATURES,VERSION_1,IN_ORDER>  [12+8]
        bit 15: MRG_RXBUF
        bit 28: INDIRECT_DESC
        bit 30: PROTOCOL_FEATURES
        bit 32: VERSION_1
        bit 35: IN_ORDER
11:37:22.709706 net0 s1 main front>back VHOST_USER_SET_STATUS [0x9 need_reply] size 8 fds 0: status=0xb <ACKNOWLEDGE,DRIVER,FEATURES_OK>
    Request: 39  [0+4]
    Flags: 0x9  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: true  [4+4]
    Payload size: 8  [8+4]
    Device status: 0xb <ACKNOWLEDGE,DRIVER,FEATURES_OK>  [12+8]
        bit  0: ACKNOWLEDGE
        bit  1: DRIVER
        bit  3: FEATURES_OK
11:37:22.709831 net0 s1 main back>front VHOST_USER_SET_STATUS [0x5 reply] size 8 fds 0: ack=0 (latency 124.7us)
    Request: 39  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Reply-ack result: 0  [12+8]
11:37:22.711548 net0 s1 main front>back VHOST_USER_GET_STATUS [0x1] size 0 fds 0
    Request: 40  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
11:37:22.711613 net0 s1 main back>front VHOST_USER_GET_STATUS [0x5 reply] size 8 fds 0: status=0xb <ACKNOWLEDGE,DRIVER,FEATURES_OK> (latency 64.6us)
    Request: 40  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Device status: 0xb <ACKNOWLEDGE,DRIVER,FEATURES_OK>  [12+8]
        bit  0: ACKNOWLEDGE
        bit  1: DRIVER
        bit  3: FEATURES_OK
11:37:22.711740 net0 s1 main front>back VHOST_USER_GET_STATUS [0x1] size 0 fds 0
    Request: 40  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
11:37:22.711777 net0 s1 main back>front VHOST_USER_GET_STATUS [0x5 reply] size 8 fds 0: status=0xb <ACKNOWLEDGE,DRIVER,FEATURES_OK> (latency 37.0us)
    Request: 40  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Device status: 0xb <ACKNOWLEDGE,DRIVER,FEATURES_OK>  [12+8]
        bit  0: ACKNOWLEDGE
        bit  1: DRIVER
        bit  3: FEATURES_OK
11:37:22.731999 net0 s1 main front>back VHOST_USER_SET_MEM_TABLE [0x9 need_reply] size 40 fds 1: nregions=1 region[guest_addr=0x10063a000 size=0x20000000 user_addr=0x10063a000 mmap_offset=0x0]
    Request: 5  [0+4]
    Flags: 0x9  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: true  [4+4]
    Payload size: 40  [8+4]
    Regions: 1  [12+4]
    Padding: 0x0  [16+4]
    Region  [20+32]
        Guest physical address: 0x10063a000  [20+8]
        Size: 0x20000000  [28+8]
        Userspace address: 0x10063a000  [36+8]
        Mmap offset: 0x0  [44+8]
    fd 0: memfd inode 5763095 size 536870912 name "nohuge"
11:37:23.270183 net0 s1 main back>front VHOST_USER_SET_MEM_TABLE [0x5 reply] size 8 fds 0: ack=0 (latency 538.184ms)
    Request: 5  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Reply-ack result: 0  [12+8]
11:37:23.276084 net0 s1 main front>back VHOST_USER_SET_VRING_NUM [0x1] size 8 fds 0: index=0 size=256
    Request: 8  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Queue size: 256  [16+4]
11:37:23.276114 net0 s1 main front>back VHOST_USER_SET_VRING_BASE [0x1] size 8 fds 0: index=0 base=0
    Request: 10  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Vring base: 0  [16+4]
11:37:23.276118 net0 s1 main front>back VHOST_USER_SET_VRING_ADDR [0x1] size 40 fds 0: index=0 addr_flags=0x0 desc_user_addr=0x1205de000 used_user_addr=0x1205e0000 avail_user_addr=0x1205df000 log_guest_addr=0x0
    Request: 9  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 40  [8+4]
    Vring index: 0  [12+4]
    Address flags: 0x0  [16+4]
        Log used-ring writes: false  [16+4]
    Descriptor table address: 0x1205de000  [20+8]
    Used ring address: 0x1205e0000  [28+8]
    Avail ring address: 0x1205df000  [36+8]
    Log guest address: 0x0  [44+8]
11:37:23.276137 net0 s1 main front>back VHOST_USER_SET_VRING_KICK [0x1] size 8 fds 1: index=0
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
11:37:23.276190 net0 s1 main front>back VHOST_USER_SET_VRING_NUM [0x1] size 8 fds 0: index=1 size=256
    Request: 8  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 1  [12+4]
    Queue size: 256  [16+4]
11:37:23.276193 net0 s1 main front>back VHOST_USER_SET_VRING_BASE [0x1] size 8 fds 0: index=1 base=0
    Request: 10  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 1  [12+4]
    Vring base: 0  [16+4]
11:37:23.276196 net0 s1 main front>back VHOST_USER_SET_VRING_ADDR [0x1] size 40 fds 0: index=1 addr_flags=0x0 desc_user_addr=0x1205d9000 used_user_addr=0x1205db000 avail_user_addr=0x1205da000 log_guest_addr=0x0
    Request: 9  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 40  [8+4]
    Vring index: 1  [12+4]
    Address flags: 0x0  [16+4]
        Log used-ring writes: false  [16+4]
    Descriptor table address: 0x1205d9000  [20+8]
    Used ring address: 0x1205db000  [28+8]
    Avail ring address: 0x1205da000  [36+8]
    Log guest address: 0x0  [44+8]
11:37:23.276211 net0 s1 main front>back VHOST_USER_SET_VRING_KICK [0x1] size 8 fds 1: index=1
    Request: 12  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring fd descriptor: 0x1  [12+8]
        Vring index: 1  [12+8]
        No fd: false  [12+8]
    fd 0: eventfd inode 1038 size 0 name "anon_inode:[eventfd]"
11:37:23.276218 net0 s1 main front>back VHOST_USER_SET_VRING_ENABLE [0x1] size 8 fds 0: index=0 enable=1
    Request: 18  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Enable: 1  [16+4]
11:37:23.276218 net0 s1 main front>back VHOST_USER_SET_VRING_ENABLE [0x1] size 8 fds 0: index=1 enable=1
    Request: 18  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 1  [12+4]
    Enable: 1  [16+4]
11:37:23.276223 net0 s1 main front>back VHOST_USER_SET_STATUS [0x9 need_reply] size 8 fds 0: status=0xf <ACKNOWLEDGE,DRIVER,DRIVER_OK,FEATURES_OK>
    Request: 39  [0+4]
    Flags: 0x9  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: true  [4+4]
    Payload size: 8  [8+4]
    Device status: 0xf <ACKNOWLEDGE,DRIVER,DRIVER_OK,FEATURES_OK>  [12+8]
        bit  0: ACKNOWLEDGE
        bit  1: DRIVER
        bit  2: DRIVER_OK
        bit  3: FEATURES_OK
11:37:23.276562 net0 s1 main back>front VHOST_USER_SET_STATUS [0x5 reply] size 8 fds 0: ack=0 (latency 338.8us)
    Request: 39  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Reply-ack result: 0  [12+8]
11:37:27.452151 net0 s1 main front>back VHOST_USER_SET_VRING_ENABLE [0x1] size 8 fds 0: index=0 enable=0
    Request: 18  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Enable: 0  [16+4]
11:37:27.452154 net0 s1 main front>back VHOST_USER_SET_VRING_ENABLE [0x1] size 8 fds 0: index=1 enable=0
    Request: 18  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 1  [12+4]
    Enable: 0  [16+4]
11:37:27.452154 net0 s1 main front>back VHOST_USER_GET_VRING_BASE [0x1] size 8 fds 0: index=0 num=0
    Request: 11  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Vring num: 0  [16+4]
11:37:27.454620 net0 s1 main back>front VHOST_USER_GET_VRING_BASE [0x5 reply] size 8 fds 0: index=0 base=42336 (latency 2465.5us)
    Request: 11  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Vring base: 42336  [16+4]
11:37:27.454685 net0 s1 main front>back VHOST_USER_GET_VRING_BASE [0x1] size 8 fds 0: index=1 num=42336 !! reserved field not zero where every reader ignores it (DPDK virtio-user fills GET_VRING_BASE's num) (vring.num = 0xa560)
    Request: 11  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 1  [12+4]
    Vring num: 42336  [16+4]
    [protocol.reserved_ignored] reserved field not zero where every reader ignores it (DPDK virtio-user fills GET_VRING_BASE's num) (vring.num = 0xa560)
11:37:27.454733 net0 s1 main back>front VHOST_USER_GET_VRING_BASE [0x5 reply] size 8 fds 0: index=1 base=42336 (latency 47.3us)
    Request: 11  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 1  [12+4]
    Vring base: 42336  [16+4]
11:37:27.455923 net0 s1 session end: front closed; device net (cmdline, features); dialect qemu
11:37:29.279722 blk-a s2 session start: front /work/wt-ports/tests/work/ports-blk-net.18474/a.sock (listen, pid 19602: qemu-system-x86_64 -nodefaults -no-user-config -display none -no-reboot ...) back /work/wt-ports/tests/work/ports-blk-net.18474/a.sock.vhostsniff-wrapped (connect, pid 18506: qemu-storage-daemon --blockdev driver=file,node-name=disk0,filename=/wor...)
11:37:29.314192 blk-a s2 main front>back VHOST_USER_GET_FEATURES [0x1] size 0 fds 0
    Request: 1  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
11:37:29.314375 blk-a s2 main back>front VHOST_USER_GET_FEATURES [0x5 reply] size 8 fds 0: features=0x175007e46 <SIZE_MAX,SEG_MAX,BLK_SIZE,FLUSH,TOPOLOGY,CONFIG_WCE,MQ,DISCARD,WRITE_ZEROES,NOTIFY_ON_EMPTY,LOG_ALL,INDIRECT_DESC,EVENT_IDX,PROTOCOL_FEATURES,VERSION_1> (latency 183.7us)
    Request: 1  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Virtio features: 0x175007e46 <SIZE_MAX,SEG_MAX,BLK_SIZE,FLUSH,TOPOLOGY,CONFIG_WCE,MQ,DISCARD,WRITE_ZEROES,NOTIFY_ON_EMPTY,LOG_ALL,INDIRECT_DESC,EVENT_IDX,PROTOCOL_FEATURES,VERSION_1>  [12+8]
        bit  1: SIZE_MAX
        bit  2: SEG_MAX
        bit  6: BLK_SIZE
        bit  9: FLUSH
        bit 10: TOPOLOGY
        bit 11: CONFIG_WCE
        bit 12: MQ
        bit 13: DISCARD
        bit 14: WRITE_ZEROES
        bit 24: NOTIFY_ON_EMPTY
        bit 26: LOG_ALL
        bit 28: INDIRECT_DESC
        bit 29: EVENT_IDX
        bit 30: PROTOCOL_FEATURES
        bit 32: VERSION_1
11:37:29.314401 blk-a s2 main front>back VHOST_USER_GET_PROTOCOL_FEATURES [0x1] size 0 fds 0
    Request: 15  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
11:37:29.314464 blk-a s2 main back>front VHOST_USER_GET_PROTOCOL_FEATURES [0x5 reply] size 8 fds 0: protocol_features=0x8f2b <MQ,LOG_SHMFD,REPLY_ACK,BACKEND_REQ,PAGEFAULT,CONFIG,BACKEND_SEND_FD,HOST_NOTIFIER,CONFIGURE_MEM_SLOTS> (latency 63.6us)
    Request: 15  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Protocol features: 0x8f2b <MQ,LOG_SHMFD,REPLY_ACK,BACKEND_REQ,PAGEFAULT,CONFIG,BACKEND_SEND_FD,HOST_NOTIFIER,CONFIGURE_MEM_SLOTS>  [12+8]
        bit  0: MQ
        bit  1: LOG_SHMFD
        bit  3: REPLY_ACK
        bit  5: BACKEND_REQ
        bit  8: PAGEFAULT
        bit  9: CONFIG
        bit 10: BACKEND_SEND_FD
        bit 11: HOST_NOTIFIER
        bit 15: CONFIGURE_MEM_SLOTS
11:37:29.314481 blk-a s2 main front>back VHOST_USER_SET_PROTOCOL_FEATURES [0x1] size 8 fds 0: protocol_features=0x8f2b <MQ,LOG_SHMFD,REPLY_ACK,BACKEND_REQ,PAGEFAULT,CONFIG,BACKEND_SEND_FD,HOST_NOTIFIER,CONFIGURE_MEM_SLOTS>
    Request: 16  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Protocol features: 0x8f2b <MQ,LOG_SHMFD,REPLY_ACK,BACKEND_REQ,PAGEFAULT,CONFIG,BACKEND_SEND_FD,HOST_NOTIFIER,CONFIGURE_MEM_SLOTS>  [12+8]
        bit  0: MQ
        bit  1: LOG_SHMFD
        bit  3: REPLY_ACK
        bit  5: BACKEND_REQ
        bit  8: PAGEFAULT
        bit  9: CONFIG
        bit 10: BACKEND_SEND_FD
        bit 11: HOST_NOTIFIER
        bit 15: CONFIGURE_MEM_SLOTS
11:37:29.314505 blk-a s2 main front>back VHOST_USER_GET_QUEUE_NUM [0x1] size 0 fds 0
    Request: 17  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
11:37:29.314534 blk-a s2 main back>front VHOST_USER_GET_QUEUE_NUM [0x5 reply] size 8 fds 0: queue_num=1 (latency 29.0us)
    Request: 17  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Maximum queues: 1  [12+8]
11:37:29.314547 blk-a s2 main front>back VHOST_USER_GET_MAX_MEM_SLOTS [0x1] size 0 fds 0
    Request: 36  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
11:37:29.314569 blk-a s2 main back>front VHOST_USER_GET_MAX_MEM_SLOTS [0x5 reply] size 8 fds 0: max_mem_slots=32 (latency 21.9us)
    Request: 36  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Memory slots: 32  [12+8]
11:37:29.314617 blk-a s2 main front>back VHOST_USER_SET_BACKEND_REQ_FD [0x9 need_reply] size 0 fds 1
    Request: 21  [0+4]
    Flags: 0x9  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: true  [4+4]
    Payload size: 0  [8+4]
    fd 0: socket inode 18858577 size 0 name "socket:[18858577]"
11:37:29.314718 blk-a s2 main back>front VHOST_USER_SET_BACKEND_REQ_FD [0x5 reply] size 8 fds 0: ack=0 (latency 101.1us)
    Request: 21  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Reply-ack result: 0  [12+8]
11:37:29.314740 blk-a s2 main front>back VHOST_USER_SET_OWNER [0x1] size 0 fds 0
    Request: 3  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
11:37:29.314761 blk-a s2 main front>back VHOST_USER_GET_FEATURES [0x1] size 0 fds 0
    Request: 1  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
11:37:29.314784 blk-a s2 main back>front VHOST_USER_GET_FEATURES [0x5 reply] size 8 fds 0: features=0x175007e46 <SIZE_MAX,SEG_MAX,BLK_SIZE,FLUSH,TOPOLOGY,CONFIG_WCE,MQ,DISCARD,WRITE_ZEROES,NOTIFY_ON_EMPTY,LOG_ALL,INDIRECT_DESC,EVENT_IDX,PROTOCOL_FEATURES,VERSION_1> (latency 23.3us)
    Request: 1  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Virtio features: 0x175007e46 <SIZE_MAX,SEG_MAX,BLK_SIZE,FLUSH,TOPOLOGY,CONFIG_WCE,MQ,DISCARD,WRITE_ZEROES,NOTIFY_ON_EMPTY,LOG_ALL,INDIRECT_DESC,EVENT_IDX,PROTOCOL_FEATURES,VERSION_1>  [12+8]
        bit  1: SIZE_MAX
        bit  2: SEG_MAX
        bit  6: BLK_SIZE
        bit  9: FLUSH
        bit 10: TOPOLOGY
        bit 11: CONFIG_WCE
        bit 12: MQ
        bit 13: DISCARD
        bit 14: WRITE_ZEROES
        bit 24: NOTIFY_ON_EMPTY
        bit 26: LOG_ALL
        bit 28: INDIRECT_DESC
        bit 29: EVENT_IDX
        bit 30: PROTOCOL_FEATURES
        bit 32: VERSION_1
11:37:29.314808 blk-a s2 main front>back VHOST_USER_SET_VRING_CALL [0x1] size 8 fds 1: index=0
    Request: 13  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring fd descriptor: 0x0  [12+8]
        Vring index: 0  [12+8]
        No fd: false  [12+8]
    fd 0: eventfd inode 1038 size 0 name "anon_inode:[eventfd]"
11:37:29.314859 blk-a s2 main front>back VHOST_USER_SET_VRING_ERR [0x1] size 8 fds 1: index=0
    Request: 14  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring fd descriptor: 0x0  [12+8]
        Vring index: 0  [12+8]
        No fd: false  [12+8]
    fd 0: eventfd inode 1038 size 0 name "anon_inode:[eventfd]"
11:37:29.314937 blk-a s2 main front>back VHOST_USER_GET_CONFIG [0x1] size 69 fds 0: offset=0 size=57 flags=0 (frontend) data=00000000000000000000000000000000...(57 bytes)
    Request: 24  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 69  [8+4]
    Config offset: 0  [12+4]
    Config size: 57  [16+4]
    Config flags: 0 (frontend)  [20+4]
    Config bytes: 000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000  [24+57]
11:37:29.314964 blk-a s2 main back>front VHOST_USER_GET_CONFIG [0x5 reply] size 69 fds 0: offset=0 size=57 flags=0 (frontend) data=0008000000000000000000007e000000...(57 bytes) (latency 27.1us)
    Request: 24  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 69  [8+4]
    Config offset: 0  [12+4]
    Config size: 57  [16+4]
    Config flags: 0 (frontend)  [20+4]
    Config bytes: 0008000000000000000000007e0000000000000000020000000001000100000000000100008000000100000001000000008000000100000000  [24+57]
11:37:29.394417 blk-a s2 main front>back VHOST_USER_SET_FEATURES [0x1] size 8 fds 0: features=0x140000046 <SIZE_MAX,SEG_MAX,BLK_SIZE,PROTOCOL_FEATURES,VERSION_1>
    Request: 2  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Virtio features: 0x140000046 <SIZE_MAX,SEG_MAX,BLK_SIZE,PROTOCOL_FEATURES,VERSION_1>  [12+8]
        bit  1: SIZE_MAX
        bit  2: SEG_MAX
        bit  6: BLK_SIZE
        bit 30: PROTOCOL_FEATURES
        bit 32: VERSION_1
11:37:29.394602 blk-a s2 main front>back VHOST_USER_SET_VRING_CALL [0x1] size 8 fds 1: index=0
    Request: 13  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring fd descriptor: 0x0  [12+8]
        Vring index: 0  [12+8]
        No fd: false  [12+8]
    fd 0: eventfd inode 1038 size 0 name "anon_inode:[eventfd]"
11:37:29.394737 blk-a s2 main front>back VHOST_USER_SET_FEATURES [0x1] size 8 fds 0: features=0x140000046 <SIZE_MAX,SEG_MAX,BLK_SIZE,PROTOCOL_FEATURES,VERSION_1>
    Request: 2  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Virtio features: 0x140000046 <SIZE_MAX,SEG_MAX,BLK_SIZE,PROTOCOL_FEATURES,VERSION_1>  [12+8]
        bit  1: SIZE_MAX
        bit  2: SEG_MAX
        bit  6: BLK_SIZE
        bit 30: PROTOCOL_FEATURES
        bit 32: VERSION_1
11:37:29.394767 blk-a s2 main front>back VHOST_USER_ADD_MEM_REG [0x9 need_reply] size 40 fds 1: region[guest_addr=0x0 size=0x10000000 user_addr=0x7f09bbfff000 mmap_offset=0x0]
    Request: 37  [0+4]
    Flags: 0x9  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: true  [4+4]
    Payload size: 40  [8+4]
    Padding: 0x0  [12+8]
    Region  [20+32]
        Guest physical address: 0x0  [20+8]
        Size: 0x10000000  [28+8]
        Userspace address: 0x7f09bbfff000  [36+8]
        Mmap offset: 0x0  [44+8]
    fd 0: memfd inode 5762105 size 268435456 name "memory-backend-memfd"
11:37:29.394822 blk-a s2 main back>front VHOST_USER_ADD_MEM_REG [0x5 reply] size 8 fds 0: ack=0 (latency 55.0us)
    Request: 37  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Reply-ack result: 0  [12+8]
11:37:29.396739 blk-a s2 main front>back VHOST_USER_SET_VRING_NUM [0x1] size 8 fds 0: index=0 size=128
    Request: 8  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Queue size: 128  [16+4]
11:37:29.396751 blk-a s2 main front>back VHOST_USER_SET_VRING_BASE [0x1] size 8 fds 0: index=0 base=0
    Request: 10  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Vring base: 0  [16+4]
11:37:29.396755 blk-a s2 main front>back VHOST_USER_SET_VRING_ADDR [0x1] size 40 fds 0: index=0 addr_flags=0x0 desc_user_addr=0x7f09cbfdc000 used_user_addr=0x7f09cbfdd000 avail_user_addr=0x7f09cbfdc800 log_guest_addr=0xffde000
    Request: 9  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 40  [8+4]
    Vring index: 0  [12+4]
    Address flags: 0x0  [16+4]
        Log used-ring writes: false  [16+4]
    Descriptor table address: 0x7f09cbfdc000  [20+8]
    Used ring address: 0x7f09cbfdd000  [28+8]
    Avail ring address: 0x7f09cbfdc800  [36+8]
    Log guest address: 0xffde000  [44+8]
11:37:29.396761 blk-a s2 main front>back VHOST_USER_SET_VRING_KICK [0x1] size 8 fds 1: index=0
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
11:37:29.396794 blk-a s2 main front>back VHOST_USER_SET_VRING_ENABLE [0x1] size 8 fds 0: index=0 enable=1
    Request: 18  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Enable: 1  [16+4]
11:37:43.276201 blk-a s2 main front>back VHOST_USER_SET_VRING_ENABLE [0x1] size 8 fds 0: index=0 enable=0
    Request: 18  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Enable: 0  [16+4]
11:37:43.276320 blk-a s2 main front>back VHOST_USER_GET_VRING_BASE [0x1] size 8 fds 0: index=0 num=0
    Request: 11  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Vring num: 0  [16+4]
11:37:43.276358 blk-a s2 main back>front VHOST_USER_GET_VRING_BASE [0x5 reply] size 8 fds 0: index=0 base=1 (latency 38.2us)
    Request: 11  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Vring base: 1  [16+4]
11:37:43.322829 blk-a s2 main front>back VHOST_USER_SET_FEATURES [0x1] size 8 fds 0: features=0x170006e46 <SIZE_MAX,SEG_MAX,BLK_SIZE,FLUSH,TOPOLOGY,CONFIG_WCE,DISCARD,WRITE_ZEROES,INDIRECT_DESC,EVENT_IDX,PROTOCOL_FEATURES,VERSION_1>
    Request: 2  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Virtio features: 0x170006e46 <SIZE_MAX,SEG_MAX,BLK_SIZE,FLUSH,TOPOLOGY,CONFIG_WCE,DISCARD,WRITE_ZEROES,INDIRECT_DESC,EVENT_IDX,PROTOCOL_FEATURES,VERSION_1>  [12+8]
        bit  1: SIZE_MAX
        bit  2: SEG_MAX
        bit  6: BLK_SIZE
        bit  9: FLUSH
        bit 10: TOPOLOGY
        bit 11: CONFIG_WCE
        bit 13: DISCARD
        bit 14: WRITE_ZEROES
        bit 28: INDIRECT_DESC
        bit 29: EVENT_IDX
        bit 30: PROTOCOL_FEATURES
        bit 32: VERSION_1
11:37:43.322976 blk-a s2 main front>back VHOST_USER_SET_VRING_CALL [0x1] size 8 fds 1: index=0
    Request: 13  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring fd descriptor: 0x0  [12+8]
        Vring index: 0  [12+8]
        No fd: false  [12+8]
    fd 0: eventfd inode 1038 size 0 name "anon_inode:[eventfd]"
11:37:43.323060 blk-a s2 main front>back VHOST_USER_SET_FEATURES [0x1] size 8 fds 0: features=0x170006e46 <SIZE_MAX,SEG_MAX,BLK_SIZE,FLUSH,TOPOLOGY,CONFIG_WCE,DISCARD,WRITE_ZEROES,INDIRECT_DESC,EVENT_IDX,PROTOCOL_FEATURES,VERSION_1>
    Request: 2  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Virtio features: 0x170006e46 <SIZE_MAX,SEG_MAX,BLK_SIZE,FLUSH,TOPOLOGY,CONFIG_WCE,DISCARD,WRITE_ZEROES,INDIRECT_DESC,EVENT_IDX,PROTOCOL_FEATURES,VERSION_1>  [12+8]
        bit  1: SIZE_MAX
        bit  2: SEG_MAX
        bit  6: BLK_SIZE
        bit  9: FLUSH
        bit 10: TOPOLOGY
        bit 11: CONFIG_WCE
        bit 13: DISCARD
        bit 14: WRITE_ZEROES
        bit 28: INDIRECT_DESC
        bit 29: EVENT_IDX
        bit 30: PROTOCOL_FEATURES
        bit 32: VERSION_1
11:37:43.323094 blk-a s2 main front>back VHOST_USER_SET_VRING_NUM [0x1] size 8 fds 0: index=0 size=128
    Request: 8  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Queue size: 128  [16+4]
11:37:43.323119 blk-a s2 main front>back VHOST_USER_SET_VRING_BASE [0x1] size 8 fds 0: index=0 base=0
    Request: 10  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Vring base: 0  [16+4]
11:37:43.323147 blk-a s2 main front>back VHOST_USER_SET_VRING_ADDR [0x1] size 40 fds 0: index=0 addr_flags=0x0 desc_user_addr=0x7f09be9e4000 used_user_addr=0x7f09be9e4940 avail_user_addr=0x7f09be9e4800 log_guest_addr=0x29e5940
    Request: 9  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 40  [8+4]
    Vring index: 0  [12+4]
    Address flags: 0x0  [16+4]
        Log used-ring writes: false  [16+4]
    Descriptor table address: 0x7f09be9e4000  [20+8]
    Used ring address: 0x7f09be9e4940  [28+8]
    Avail ring address: 0x7f09be9e4800  [36+8]
    Log guest address: 0x29e5940  [44+8]
11:37:43.323193 blk-a s2 main front>back VHOST_USER_SET_VRING_KICK [0x1] size 8 fds 1: index=0
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
11:37:43.323258 blk-a s2 main front>back VHOST_USER_SET_VRING_ENABLE [0x1] size 8 fds 0: index=0 enable=1
    Request: 18  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Enable: 1  [16+4]
11:37:43.709777 blk-a s2 main front>back VHOST_USER_SET_VRING_ENABLE [0x1] size 8 fds 0: index=0 enable=0
    Request: 18  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Enable: 0  [16+4]
11:37:43.709921 blk-a s2 main front>back VHOST_USER_GET_VRING_BASE [0x1] size 8 fds 0: index=0 num=0
    Request: 11  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Vring num: 0  [16+4]
11:37:43.709963 blk-a s2 main back>front VHOST_USER_GET_VRING_BASE [0x5 reply] size 8 fds 0: index=0 base=7 (latency 42.3us)
    Request: 11  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Vring base: 7  [16+4]
11:37:43.724517 blk-a s2 session end: front closed; device blk (cmdline, features, config); dialect qemu
11:37:43.990366 blk-b s3 session start: front /work/wt-ports/tests/work/ports-blk-net.18474/b-front.sock (listen, pid 21114: qemu-system-x86_64 -nodefaults -no-user-config -display none -no-reboot ...) back /work/wt-ports/tests/work/ports-blk-net.18474/b.sock (connect, pid 18531: qemu-storage-daemon --blockdev driver=file,node-name=disk0,filename=/wor...)
11:37:44.055598 blk-b s3 main front>back VHOST_USER_GET_FEATURES [0x1] size 0 fds 0
    Request: 1  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
11:37:44.055785 blk-b s3 main back>front VHOST_USER_GET_FEATURES [0x5 reply] size 8 fds 0: features=0x175007e46 <SIZE_MAX,SEG_MAX,BLK_SIZE,FLUSH,TOPOLOGY,CONFIG_WCE,MQ,DISCARD,WRITE_ZEROES,NOTIFY_ON_EMPTY,LOG_ALL,INDIRECT_DESC,EVENT_IDX,PROTOCOL_FEATURES,VERSION_1> (latency 186.9us)
    Request: 1  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Virtio features: 0x175007e46 <SIZE_MAX,SEG_MAX,BLK_SIZE,FLUSH,TOPOLOGY,CONFIG_WCE,MQ,DISCARD,WRITE_ZEROES,NOTIFY_ON_EMPTY,LOG_ALL,INDIRECT_DESC,EVENT_IDX,PROTOCOL_FEATURES,VERSION_1>  [12+8]
        bit  1: SIZE_MAX
        bit  2: SEG_MAX
        bit  6: BLK_SIZE
        bit  9: FLUSH
        bit 10: TOPOLOGY
        bit 11: CONFIG_WCE
        bit 12: MQ
        bit 13: DISCARD
        bit 14: WRITE_ZEROES
        bit 24: NOTIFY_ON_EMPTY
        bit 26: LOG_ALL
        bit 28: INDIRECT_DESC
        bit 29: EVENT_IDX
        bit 30: PROTOCOL_FEATURES
        bit 32: VERSION_1
11:37:44.055803 blk-b s3 main front>back VHOST_USER_GET_PROTOCOL_FEATURES [0x1] size 0 fds 0
    Request: 15  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
11:37:44.055863 blk-b s3 main back>front VHOST_USER_GET_PROTOCOL_FEATURES [0x5 reply] size 8 fds 0: protocol_features=0x8f2b <MQ,LOG_SHMFD,REPLY_ACK,BACKEND_REQ,PAGEFAULT,CONFIG,BACKEND_SEND_FD,HOST_NOTIFIER,CONFIGURE_MEM_SLOTS> (latency 60.8us)
    Request: 15  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Protocol features: 0x8f2b <MQ,LOG_SHMFD,REPLY_ACK,BACKEND_REQ,PAGEFAULT,CONFIG,BACKEND_SEND_FD,HOST_NOTIFIER,CONFIGURE_MEM_SLOTS>  [12+8]
        bit  0: MQ
        bit  1: LOG_SHMFD
        bit  3: REPLY_ACK
        bit  5: BACKEND_REQ
        bit  8: PAGEFAULT
        bit  9: CONFIG
        bit 10: BACKEND_SEND_FD
        bit 11: HOST_NOTIFIER
        bit 15: CONFIGURE_MEM_SLOTS
11:37:44.055968 blk-b s3 main front>back VHOST_USER_SET_PROTOCOL_FEATURES [0x1] size 8 fds 0: protocol_features=0x8f2b <MQ,LOG_SHMFD,REPLY_ACK,BACKEND_REQ,PAGEFAULT,CONFIG,BACKEND_SEND_FD,HOST_NOTIFIER,CONFIGURE_MEM_SLOTS>
    Request: 16  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Protocol features: 0x8f2b <MQ,LOG_SHMFD,REPLY_ACK,BACKEND_REQ,PAGEFAULT,CONFIG,BACKEND_SEND_FD,HOST_NOTIFIER,CONFIGURE_MEM_SLOTS>  [12+8]
        bit  0: MQ
        bit  1: LOG_SHMFD
        bit  3: REPLY_ACK
        bit  5: BACKEND_REQ
        bit  8: PAGEFAULT
        bit  9: CONFIG
        bit 10: BACKEND_SEND_FD
        bit 11: HOST_NOTIFIER
        bit 15: CONFIGURE_MEM_SLOTS
11:37:44.056006 blk-b s3 main front>back VHOST_USER_GET_QUEUE_NUM [0x1] size 0 fds 0
    Request: 17  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
11:37:44.056027 blk-b s3 main back>front VHOST_USER_GET_QUEUE_NUM [0x5 reply] size 8 fds 0: queue_num=1 (latency 20.8us)
    Request: 17  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Maximum queues: 1  [12+8]
11:37:44.056041 blk-b s3 main front>back VHOST_USER_GET_MAX_MEM_SLOTS [0x1] size 0 fds 0
    Request: 36  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
11:37:44.056061 blk-b s3 main back>front VHOST_USER_GET_MAX_MEM_SLOTS [0x5 reply] size 8 fds 0: max_mem_slots=32 (latency 20.6us)
    Request: 36  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Memory slots: 32  [12+8]
11:37:44.056110 blk-b s3 main front>back VHOST_USER_SET_BACKEND_REQ_FD [0x9 need_reply] size 0 fds 1
    Request: 21  [0+4]
    Flags: 0x9  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: true  [4+4]
    Payload size: 0  [8+4]
    fd 0: socket inode 18861385 size 0 name "socket:[18861385]"
11:37:44.056198 blk-b s3 main back>front VHOST_USER_SET_BACKEND_REQ_FD [0x5 reply] size 8 fds 0: ack=0 (latency 87.8us)
    Request: 21  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Reply-ack result: 0  [12+8]
11:37:44.056282 blk-b s3 main front>back VHOST_USER_SET_OWNER [0x1] size 0 fds 0
    Request: 3  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
11:37:44.056285 blk-b s3 main front>back VHOST_USER_GET_FEATURES [0x1] size 0 fds 0
    Request: 1  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
11:37:44.056315 blk-b s3 main back>front VHOST_USER_GET_FEATURES [0x5 reply] size 8 fds 0: features=0x175007e46 <SIZE_MAX,SEG_MAX,BLK_SIZE,FLUSH,TOPOLOGY,CONFIG_WCE,MQ,DISCARD,WRITE_ZEROES,NOTIFY_ON_EMPTY,LOG_ALL,INDIRECT_DESC,EVENT_IDX,PROTOCOL_FEATURES,VERSION_1> (latency 29.7us)
    Request: 1  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Virtio features: 0x175007e46 <SIZE_MAX,SEG_MAX,BLK_SIZE,FLUSH,TOPOLOGY,CONFIG_WCE,MQ,DISCARD,WRITE_ZEROES,NOTIFY_ON_EMPTY,LOG_ALL,INDIRECT_DESC,EVENT_IDX,PROTOCOL_FEATURES,VERSION_1>  [12+8]
        bit  1: SIZE_MAX
        bit  2: SEG_MAX
        bit  6: BLK_SIZE
        bit  9: FLUSH
        bit 10: TOPOLOGY
        bit 11: CONFIG_WCE
        bit 12: MQ
        bit 13: DISCARD
        bit 14: WRITE_ZEROES
        bit 24: NOTIFY_ON_EMPTY
        bit 26: LOG_ALL
        bit 28: INDIRECT_DESC
        bit 29: EVENT_IDX
        bit 30: PROTOCOL_FEATURES
        bit 32: VERSION_1
11:37:44.057041 blk-b s3 main front>back VHOST_USER_SET_VRING_CALL [0x1] size 8 fds 1: index=0
    Request: 13  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring fd descriptor: 0x0  [12+8]
        Vring index: 0  [12+8]
        No fd: false  [12+8]
    fd 0: eventfd inode 1038 size 0 name "anon_inode:[eventfd]"
11:37:44.057164 blk-b s3 main front>back VHOST_USER_SET_VRING_ERR [0x1] size 8 fds 1: index=0
    Request: 14  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring fd descriptor: 0x0  [12+8]
        Vring index: 0  [12+8]
        No fd: false  [12+8]
    fd 0: eventfd inode 1038 size 0 name "anon_inode:[eventfd]"
11:37:44.057187 blk-b s3 main front>back VHOST_USER_GET_CONFIG [0x1] size 69 fds 0: offset=0 size=57 flags=0 (frontend) data=00000000000000000000000000000000...(57 bytes)
    Request: 24  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 69  [8+4]
    Config offset: 0  [12+4]
    Config size: 57  [16+4]
    Config flags: 0 (frontend)  [20+4]
    Config bytes: 000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000  [24+57]
11:37:44.057215 blk-b s3 main back>front VHOST_USER_GET_CONFIG [0x5 reply] size 69 fds 0: offset=0 size=57 flags=0 (frontend) data=0008000000000000000000007e000000...(57 bytes) (latency 28.3us)
    Request: 24  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 69  [8+4]
    Config offset: 0  [12+4]
    Config size: 57  [16+4]
    Config flags: 0 (frontend)  [20+4]
    Config bytes: 0008000000000000000000007e0000000000000000020000000001000100000000000100008000000100000001000000008000000100000000  [24+57]
11:37:44.130103 blk-b s3 main front>back VHOST_USER_SET_FEATURES [0x1] size 8 fds 0: features=0x140000046 <SIZE_MAX,SEG_MAX,BLK_SIZE,PROTOCOL_FEATURES,VERSION_1>
    Request: 2  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Virtio features: 0x140000046 <SIZE_MAX,SEG_MAX,BLK_SIZE,PROTOCOL_FEATURES,VERSION_1>  [12+8]
        bit  1: SIZE_MAX
        bit  2: SEG_MAX
        bit  6: BLK_SIZE
        bit 30: PROTOCOL_FEATURES
        bit 32: VERSION_1
11:37:44.130282 blk-b s3 main front>back VHOST_USER_SET_VRING_CALL [0x1] size 8 fds 1: index=0
    Request: 13  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring fd descriptor: 0x0  [12+8]
        Vring index: 0  [12+8]
        No fd: false  [12+8]
    fd 0: eventfd inode 1038 size 0 name "anon_inode:[eventfd]"
11:37:44.130337 blk-b s3 main front>back VHOST_USER_SET_FEATURES [0x1] size 8 fds 0: features=0x140000046 <SIZE_MAX,SEG_MAX,BLK_SIZE,PROTOCOL_FEATURES,VERSION_1>
    Request: 2  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Virtio features: 0x140000046 <SIZE_MAX,SEG_MAX,BLK_SIZE,PROTOCOL_FEATURES,VERSION_1>  [12+8]
        bit  1: SIZE_MAX
        bit  2: SEG_MAX
        bit  6: BLK_SIZE
        bit 30: PROTOCOL_FEATURES
        bit 32: VERSION_1
11:37:44.130365 blk-b s3 main front>back VHOST_USER_ADD_MEM_REG [0x9 need_reply] size 40 fds 1: region[guest_addr=0x0 size=0x10000000 user_addr=0x7f2853fff000 mmap_offset=0x0]
    Request: 37  [0+4]
    Flags: 0x9  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: true  [4+4]
    Payload size: 40  [8+4]
    Padding: 0x0  [12+8]
    Region  [20+32]
        Guest physical address: 0x0  [20+8]
        Size: 0x10000000  [28+8]
        Userspace address: 0x7f2853fff000  [36+8]
        Mmap offset: 0x0  [44+8]
    fd 0: memfd inode 5763097 size 268435456 name "memory-backend-memfd"
11:37:44.130406 blk-b s3 main back>front VHOST_USER_ADD_MEM_REG [0x5 reply] size 8 fds 0: ack=0 (latency 40.3us)
    Request: 37  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Reply-ack result: 0  [12+8]
11:37:44.130421 blk-b s3 main front>back VHOST_USER_SET_VRING_NUM [0x1] size 8 fds 0: index=0 size=128
    Request: 8  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Queue size: 128  [16+4]
11:37:44.130438 blk-b s3 main front>back VHOST_USER_SET_VRING_BASE [0x1] size 8 fds 0: index=0 base=0
    Request: 10  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Vring base: 0  [16+4]
11:37:44.130457 blk-b s3 main front>back VHOST_USER_SET_VRING_ADDR [0x1] size 40 fds 0: index=0 addr_flags=0x0 desc_user_addr=0x7f2863fdc000 used_user_addr=0x7f2863fdd000 avail_user_addr=0x7f2863fdc800 log_guest_addr=0xffde000
    Request: 9  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 40  [8+4]
    Vring index: 0  [12+4]
    Address flags: 0x0  [16+4]
        Log used-ring writes: false  [16+4]
    Descriptor table address: 0x7f2863fdc000  [20+8]
    Used ring address: 0x7f2863fdd000  [28+8]
    Avail ring address: 0x7f2863fdc800  [36+8]
    Log guest address: 0xffde000  [44+8]
11:37:44.130481 blk-b s3 main front>back VHOST_USER_SET_VRING_KICK [0x1] size 8 fds 1: index=0
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
11:37:44.130509 blk-b s3 main front>back VHOST_USER_SET_VRING_ENABLE [0x1] size 8 fds 0: index=0 enable=1
    Request: 18  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Enable: 1  [16+4]
11:37:59.367584 blk-b s3 main front>back VHOST_USER_SET_VRING_ENABLE [0x1] size 8 fds 0: index=0 enable=0
    Request: 18  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Enable: 0  [16+4]
11:37:59.367589 blk-b s3 main front>back VHOST_USER_GET_VRING_BASE [0x1] size 8 fds 0: index=0 num=0
    Request: 11  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Vring num: 0  [16+4]
11:37:59.369434 blk-b s3 main back>front VHOST_USER_GET_VRING_BASE [0x5 reply] size 8 fds 0: index=0 base=1 (latency 1844.7us)
    Request: 11  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Vring base: 1  [16+4]
11:37:59.452387 blk-b s3 main front>back VHOST_USER_SET_FEATURES [0x1] size 8 fds 0: features=0x170006e46 <SIZE_MAX,SEG_MAX,BLK_SIZE,FLUSH,TOPOLOGY,CONFIG_WCE,DISCARD,WRITE_ZEROES,INDIRECT_DESC,EVENT_IDX,PROTOCOL_FEATURES,VERSION_1>
    Request: 2  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Virtio features: 0x170006e46 <SIZE_MAX,SEG_MAX,BLK_SIZE,FLUSH,TOPOLOGY,CONFIG_WCE,DISCARD,WRITE_ZEROES,INDIRECT_DESC,EVENT_IDX,PROTOCOL_FEATURES,VERSION_1>  [12+8]
        bit  1: SIZE_MAX
        bit  2: SEG_MAX
        bit  6: BLK_SIZE
        bit  9: FLUSH
        bit 10: TOPOLOGY
        bit 11: CONFIG_WCE
        bit 13: DISCARD
        bit 14: WRITE_ZEROES
        bit 28: INDIRECT_DESC
        bit 29: EVENT_IDX
        bit 30: PROTOCOL_FEATURES
        bit 32: VERSION_1
11:37:59.452845 blk-b s3 main front>back VHOST_USER_SET_VRING_CALL [0x1] size 8 fds 1: index=0
    Request: 13  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring fd descriptor: 0x0  [12+8]
        Vring index: 0  [12+8]
        No fd: false  [12+8]
    fd 0: eventfd inode 1038 size 0 name "anon_inode:[eventfd]"
11:37:59.452898 blk-b s3 main front>back VHOST_USER_SET_FEATURES [0x1] size 8 fds 0: features=0x170006e46 <SIZE_MAX,SEG_MAX,BLK_SIZE,FLUSH,TOPOLOGY,CONFIG_WCE,DISCARD,WRITE_ZEROES,INDIRECT_DESC,EVENT_IDX,PROTOCOL_FEATURES,VERSION_1>
    Request: 2  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Virtio features: 0x170006e46 <SIZE_MAX,SEG_MAX,BLK_SIZE,FLUSH,TOPOLOGY,CONFIG_WCE,DISCARD,WRITE_ZEROES,INDIRECT_DESC,EVENT_IDX,PROTOCOL_FEATURES,VERSION_1>  [12+8]
        bit  1: SIZE_MAX
        bit  2: SEG_MAX
        bit  6: BLK_SIZE
        bit  9: FLUSH
        bit 10: TOPOLOGY
        bit 11: CONFIG_WCE
        bit 13: DISCARD
        bit 14: WRITE_ZEROES
        bit 28: INDIRECT_DESC
        bit 29: EVENT_IDX
        bit 30: PROTOCOL_FEATURES
        bit 32: VERSION_1
11:37:59.452903 blk-b s3 main front>back VHOST_USER_SET_VRING_NUM [0x1] size 8 fds 0: index=0 size=128
    Request: 8  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Queue size: 128  [16+4]
11:37:59.452907 blk-b s3 main front>back VHOST_USER_SET_VRING_BASE [0x1] size 8 fds 0: index=0 base=0
    Request: 10  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Vring base: 0  [16+4]
11:37:59.452912 blk-b s3 main front>back VHOST_USER_SET_VRING_ADDR [0x1] size 40 fds 0: index=0 addr_flags=0x0 desc_user_addr=0x7f2856a60000 used_user_addr=0x7f2856a60940 avail_user_addr=0x7f2856a60800 log_guest_addr=0x2a61940
    Request: 9  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 40  [8+4]
    Vring index: 0  [12+4]
    Address flags: 0x0  [16+4]
        Log used-ring writes: false  [16+4]
    Descriptor table address: 0x7f2856a60000  [20+8]
    Used ring address: 0x7f2856a60940  [28+8]
    Avail ring address: 0x7f2856a60800  [36+8]
    Log guest address: 0x2a61940  [44+8]
11:37:59.452917 blk-b s3 main front>back VHOST_USER_SET_VRING_KICK [0x1] size 8 fds 1: index=0
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
11:37:59.452926 blk-b s3 main front>back VHOST_USER_SET_VRING_ENABLE [0x1] size 8 fds 0: index=0 enable=1
    Request: 18  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Enable: 1  [16+4]
11:37:59.716727 blk-b s3 main front>back VHOST_USER_SET_VRING_ENABLE [0x1] size 8 fds 0: index=0 enable=0
    Request: 18  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Enable: 0  [16+4]
11:37:59.716731 blk-b s3 main front>back VHOST_USER_GET_VRING_BASE [0x1] size 8 fds 0: index=0 num=0
    Request: 11  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Vring num: 0  [16+4]
11:37:59.716882 blk-b s3 main back>front VHOST_USER_GET_VRING_BASE [0x5 reply] size 8 fds 0: index=0 base=7 (latency 151.6us)
    Request: 11  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Vring base: 7  [16+4]
11:37:59.724536 blk-b s3 session end: front closed; device blk (cmdline, features, config); dialect qemu
