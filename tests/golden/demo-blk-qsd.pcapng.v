07:39:12.660073 s1 session start: front /tmp/vhostsniff-demo.SfFhNG/front.sock (listen, pid 13058: qemu-system-x86_64 -nodefaults -no-user-config -display none -no-reboot ...) back /tmp/vhostsniff-demo.SfFhNG/back.sock (connect, pid 13009: qemu-storage-daemon --blockdev driver=file,node-name=disk0,filename=/tmp...)
07:39:12.684892 s1 main front>back VHOST_USER_GET_FEATURES [0x1] size 0 fds 0
    Request: 1  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
07:39:12.686835 s1 main back>front VHOST_USER_GET_FEATURES [0x5 reply] size 8 fds 0: features=0x175007e46 <SIZE_MAX,SEG_MAX,BLK_SIZE,FLUSH,TOPOLOGY,CONFIG_WCE,MQ,DISCARD,WRITE_ZEROES,NOTIFY_ON_EMPTY,LOG_ALL,INDIRECT_DESC,EVENT_IDX,PROTOCOL_FEATURES,VERSION_1> (latency 1943.2us)
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
07:39:12.686920 s1 main front>back VHOST_USER_GET_PROTOCOL_FEATURES [0x1] size 0 fds 0
    Request: 15  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
07:39:12.687048 s1 main back>front VHOST_USER_GET_PROTOCOL_FEATURES [0x5 reply] size 8 fds 0: protocol_features=0x8f2b <MQ,LOG_SHMFD,REPLY_ACK,BACKEND_REQ,PAGEFAULT,CONFIG,BACKEND_SEND_FD,HOST_NOTIFIER,CONFIGURE_MEM_SLOTS> (latency 127.8us)
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
07:39:12.687149 s1 main front>back VHOST_USER_SET_PROTOCOL_FEATURES [0x1] size 8 fds 0: protocol_features=0x8f2b <MQ,LOG_SHMFD,REPLY_ACK,BACKEND_REQ,PAGEFAULT,CONFIG,BACKEND_SEND_FD,HOST_NOTIFIER,CONFIGURE_MEM_SLOTS>
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
07:39:12.687149 s1 main front>back VHOST_USER_GET_QUEUE_NUM [0x1] size 0 fds 0
    Request: 17  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
07:39:12.687203 s1 main back>front VHOST_USER_GET_QUEUE_NUM [0x5 reply] size 8 fds 0: queue_num=1 (latency 53.4us)
    Request: 17  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Maximum queues: 1  [12+8]
07:39:12.687277 s1 main front>back VHOST_USER_GET_MAX_MEM_SLOTS [0x1] size 0 fds 0
    Request: 36  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
07:39:12.687318 s1 main back>front VHOST_USER_GET_MAX_MEM_SLOTS [0x5 reply] size 8 fds 0: max_mem_slots=32 (latency 40.5us)
    Request: 36  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Memory slots: 32  [12+8]
07:39:12.687392 s1 main front>back VHOST_USER_SET_BACKEND_REQ_FD [0x9 need_reply] size 0 fds 1
    Request: 21  [0+4]
    Flags: 0x9  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: true  [4+4]
    Payload size: 0  [8+4]
    fd 0: socket inode 43989 size 0 name "socket:[43989]"
07:39:12.687529 s1 main back>front VHOST_USER_SET_BACKEND_REQ_FD [0x5 reply] size 8 fds 0: ack=0 (latency 137.0us)
    Request: 21  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Reply-ack result: 0  [12+8]
07:39:12.687604 s1 main front>back VHOST_USER_SET_OWNER [0x1] size 0 fds 0
    Request: 3  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
07:39:12.687604 s1 main front>back VHOST_USER_GET_FEATURES [0x1] size 0 fds 0
    Request: 1  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
07:39:12.687650 s1 main back>front VHOST_USER_GET_FEATURES [0x5 reply] size 8 fds 0: features=0x175007e46 <SIZE_MAX,SEG_MAX,BLK_SIZE,FLUSH,TOPOLOGY,CONFIG_WCE,MQ,DISCARD,WRITE_ZEROES,NOTIFY_ON_EMPTY,LOG_ALL,INDIRECT_DESC,EVENT_IDX,PROTOCOL_FEATURES,VERSION_1> (latency 46.3us)
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
07:39:12.687704 s1 main front>back VHOST_USER_SET_VRING_CALL [0x1] size 8 fds 1: index=0
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
07:39:12.687766 s1 main front>back VHOST_USER_SET_VRING_ERR [0x1] size 8 fds 1: index=0
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
07:39:12.687789 s1 main front>back VHOST_USER_GET_CONFIG [0x1] size 69 fds 0: offset=0 size=57 flags=0 (frontend) data=00000000000000000000000000000000...(57 bytes)
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
07:39:12.687828 s1 main back>front VHOST_USER_GET_CONFIG [0x5 reply] size 69 fds 0: offset=0 size=57 flags=0 (frontend) data=0008000000000000000000007e000000...(57 bytes) (latency 38.3us)
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
07:39:12.742179 s1 main front>back VHOST_USER_SET_FEATURES [0x1] size 8 fds 0: features=0x140000046 <SIZE_MAX,SEG_MAX,BLK_SIZE,PROTOCOL_FEATURES,VERSION_1>
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
07:39:12.742239 s1 main front>back VHOST_USER_SET_VRING_CALL [0x1] size 8 fds 1: index=0
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
07:39:12.742282 s1 main front>back VHOST_USER_SET_FEATURES [0x1] size 8 fds 0: features=0x140000046 <SIZE_MAX,SEG_MAX,BLK_SIZE,PROTOCOL_FEATURES,VERSION_1>
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
07:39:12.742290 s1 main front>back VHOST_USER_ADD_MEM_REG [0x9 need_reply] size 40 fds 1: region[guest_addr=0x0 size=0x10000000 user_addr=0x7ff4affff000 mmap_offset=0x0]
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
        Userspace address: 0x7ff4affff000  [36+8]
        Mmap offset: 0x0  [44+8]
    fd 0: memfd inode 1025 size 268435456 name "memory-backend-memfd"
07:39:12.742378 s1 main back>front VHOST_USER_ADD_MEM_REG [0x5 reply] size 8 fds 0: ack=0 (latency 88.7us)
    Request: 37  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Reply-ack result: 0  [12+8]
07:39:12.742695 s1 main front>back VHOST_USER_SET_VRING_NUM [0x1] size 8 fds 0: index=0 size=128
    Request: 8  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Queue size: 128  [16+4]
07:39:12.742715 s1 main front>back VHOST_USER_SET_VRING_BASE [0x1] size 8 fds 0: index=0 base=0
    Request: 10  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Vring base: 0  [16+4]
07:39:12.742718 s1 main front>back VHOST_USER_SET_VRING_ADDR [0x1] size 40 fds 0: index=0 addr_flags=0x0 desc_user_addr=0x7ff4bffdc000 used_user_addr=0x7ff4bffdd000 avail_user_addr=0x7ff4bffdc800 log_guest_addr=0xffde000
    Request: 9  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 40  [8+4]
    Vring index: 0  [12+4]
    Address flags: 0x0  [16+4]
        Log used-ring writes: false  [16+4]
    Descriptor table address: 0x7ff4bffdc000  [20+8]
    Used ring address: 0x7ff4bffdd000  [28+8]
    Avail ring address: 0x7ff4bffdc800  [36+8]
    Log guest address: 0xffde000  [44+8]
07:39:12.742720 s1 main front>back VHOST_USER_SET_VRING_KICK [0x1] size 8 fds 1: index=0
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
07:39:12.742731 s1 main front>back VHOST_USER_SET_VRING_ENABLE [0x1] size 8 fds 0: index=0 enable=1
    Request: 18  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Enable: 1  [16+4]
07:39:20.441310 s1 main front>back VHOST_USER_SET_VRING_ENABLE [0x1] size 8 fds 0: index=0 enable=0
    Request: 18  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Enable: 0  [16+4]
07:39:20.441313 s1 main front>back VHOST_USER_GET_VRING_BASE [0x1] size 8 fds 0: index=0 num=0
    Request: 11  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Vring num: 0  [16+4]
07:39:20.441434 s1 main back>front VHOST_USER_GET_VRING_BASE [0x5 reply] size 8 fds 0: index=0 base=1 (latency 121.3us)
    Request: 11  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Vring base: 1  [16+4]
07:39:20.467725 s1 main front>back VHOST_USER_SET_FEATURES [0x1] size 8 fds 0: features=0x170006e46 <SIZE_MAX,SEG_MAX,BLK_SIZE,FLUSH,TOPOLOGY,CONFIG_WCE,DISCARD,WRITE_ZEROES,INDIRECT_DESC,EVENT_IDX,PROTOCOL_FEATURES,VERSION_1>
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
07:39:20.467753 s1 main front>back VHOST_USER_SET_VRING_CALL [0x1] size 8 fds 1: index=0
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
07:39:20.467806 s1 main front>back VHOST_USER_SET_FEATURES [0x1] size 8 fds 0: features=0x170006e46 <SIZE_MAX,SEG_MAX,BLK_SIZE,FLUSH,TOPOLOGY,CONFIG_WCE,DISCARD,WRITE_ZEROES,INDIRECT_DESC,EVENT_IDX,PROTOCOL_FEATURES,VERSION_1>
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
07:39:20.467810 s1 main front>back VHOST_USER_SET_VRING_NUM [0x1] size 8 fds 0: index=0 size=128
    Request: 8  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Queue size: 128  [16+4]
07:39:20.467814 s1 main front>back VHOST_USER_SET_VRING_BASE [0x1] size 8 fds 0: index=0 base=0
    Request: 10  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Vring base: 0  [16+4]
07:39:20.467819 s1 main front>back VHOST_USER_SET_VRING_ADDR [0x1] size 40 fds 0: index=0 addr_flags=0x0 desc_user_addr=0x7ff4b2a0c000 used_user_addr=0x7ff4b2a0c940 avail_user_addr=0x7ff4b2a0c800 log_guest_addr=0x2a0d940
    Request: 9  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 40  [8+4]
    Vring index: 0  [12+4]
    Address flags: 0x0  [16+4]
        Log used-ring writes: false  [16+4]
    Descriptor table address: 0x7ff4b2a0c000  [20+8]
    Used ring address: 0x7ff4b2a0c940  [28+8]
    Avail ring address: 0x7ff4b2a0c800  [36+8]
    Log guest address: 0x2a0d940  [44+8]
07:39:20.467824 s1 main front>back VHOST_USER_SET_VRING_KICK [0x1] size 8 fds 1: index=0
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
07:39:20.467834 s1 main front>back VHOST_USER_SET_VRING_ENABLE [0x1] size 8 fds 0: index=0 enable=1
    Request: 18  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Enable: 1  [16+4]
07:39:20.610885 s1 main front>back VHOST_USER_SET_VRING_ENABLE [0x1] size 8 fds 0: index=0 enable=0
    Request: 18  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Enable: 0  [16+4]
07:39:20.610888 s1 main front>back VHOST_USER_GET_VRING_BASE [0x1] size 8 fds 0: index=0 num=0
    Request: 11  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Vring num: 0  [16+4]
07:39:20.611005 s1 main back>front VHOST_USER_GET_VRING_BASE [0x5 reply] size 8 fds 0: index=0 base=7 (latency 117.0us)
    Request: 11  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Vring base: 7  [16+4]
07:39:20.620418 s1 session end: front closed; device blk (cmdline, features, config); dialect qemu
