11:41:55.790083 s1 session start: front /tmp/dev-ro/a.sock (listen, pid 16800: qemu-system-x86_64 -S -nodefaults -display none -machine q35,accel=tcg,m...) back /tmp/dev-ro/b.sock (connect, pid 16754: qemu-storage-daemon --blockdev driver=file,node-name=disk0,filename=/tmp...)
11:41:55.804640 s1 main front>back VHOST_USER_GET_FEATURES [0x1] size 0 fds 0
    Request: 1  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
11:41:55.804818 s1 main back>front VHOST_USER_GET_FEATURES [0x5 reply] size 8 fds 0: features=0x175007e66 <SIZE_MAX,SEG_MAX,RO,BLK_SIZE,FLUSH,TOPOLOGY,CONFIG_WCE,MQ,DISCARD,WRITE_ZEROES,NOTIFY_ON_EMPTY,LOG_ALL,INDIRECT_DESC,EVENT_IDX,PROTOCOL_FEATURES,VERSION_1> (latency 177.9us)
    Request: 1  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Virtio features: 0x175007e66 <SIZE_MAX,SEG_MAX,RO,BLK_SIZE,FLUSH,TOPOLOGY,CONFIG_WCE,MQ,DISCARD,WRITE_ZEROES,NOTIFY_ON_EMPTY,LOG_ALL,INDIRECT_DESC,EVENT_IDX,PROTOCOL_FEATURES,VERSION_1>  [12+8]
        bit  1: SIZE_MAX
        bit  2: SEG_MAX
        bit  5: RO
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
11:41:55.804831 s1 main front>back VHOST_USER_GET_PROTOCOL_FEATURES [0x1] size 0 fds 0
    Request: 15  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
11:41:55.804886 s1 main back>front VHOST_USER_GET_PROTOCOL_FEATURES [0x5 reply] size 8 fds 0: protocol_features=0x8f2b <MQ,LOG_SHMFD,REPLY_ACK,BACKEND_REQ,PAGEFAULT,CONFIG,BACKEND_SEND_FD,HOST_NOTIFIER,CONFIGURE_MEM_SLOTS> (latency 54.8us)
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
11:41:55.804901 s1 main front>back VHOST_USER_SET_PROTOCOL_FEATURES [0x1] size 8 fds 0: protocol_features=0x8f2b <MQ,LOG_SHMFD,REPLY_ACK,BACKEND_REQ,PAGEFAULT,CONFIG,BACKEND_SEND_FD,HOST_NOTIFIER,CONFIGURE_MEM_SLOTS>
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
11:41:55.804901 s1 main front>back VHOST_USER_GET_QUEUE_NUM [0x1] size 0 fds 0
    Request: 17  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
11:41:55.804928 s1 main back>front VHOST_USER_GET_QUEUE_NUM [0x5 reply] size 8 fds 0: queue_num=2 (latency 27.6us)
    Request: 17  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Maximum queues: 2  [12+8]
11:41:55.804938 s1 main front>back VHOST_USER_GET_MAX_MEM_SLOTS [0x1] size 0 fds 0
    Request: 36  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
11:41:55.804954 s1 main back>front VHOST_USER_GET_MAX_MEM_SLOTS [0x5 reply] size 8 fds 0: max_mem_slots=32 (latency 16.8us)
    Request: 36  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Memory slots: 32  [12+8]
11:41:55.804994 s1 main front>back VHOST_USER_SET_BACKEND_REQ_FD [0x9 need_reply] size 0 fds 1
    Request: 21  [0+4]
    Flags: 0x9  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: true  [4+4]
    Payload size: 0  [8+4]
    fd 0: socket inode 19242265 size 0 name "socket:[19242265]"
11:41:55.805072 s1 main back>front VHOST_USER_SET_BACKEND_REQ_FD [0x5 reply] size 8 fds 0: ack=0 (latency 77.9us)
    Request: 21  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Reply-ack result: 0  [12+8]
11:41:55.805085 s1 main front>back VHOST_USER_SET_OWNER [0x1] size 0 fds 0
    Request: 3  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
11:41:55.805099 s1 main front>back VHOST_USER_GET_FEATURES [0x1] size 0 fds 0
    Request: 1  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
11:41:55.805116 s1 main back>front VHOST_USER_GET_FEATURES [0x5 reply] size 8 fds 0: features=0x175007e66 <SIZE_MAX,SEG_MAX,RO,BLK_SIZE,FLUSH,TOPOLOGY,CONFIG_WCE,MQ,DISCARD,WRITE_ZEROES,NOTIFY_ON_EMPTY,LOG_ALL,INDIRECT_DESC,EVENT_IDX,PROTOCOL_FEATURES,VERSION_1> (latency 16.3us)
    Request: 1  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Virtio features: 0x175007e66 <SIZE_MAX,SEG_MAX,RO,BLK_SIZE,FLUSH,TOPOLOGY,CONFIG_WCE,MQ,DISCARD,WRITE_ZEROES,NOTIFY_ON_EMPTY,LOG_ALL,INDIRECT_DESC,EVENT_IDX,PROTOCOL_FEATURES,VERSION_1>  [12+8]
        bit  1: SIZE_MAX
        bit  2: SEG_MAX
        bit  5: RO
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
11:41:55.805179 s1 main front>back VHOST_USER_SET_VRING_CALL [0x1] size 8 fds 1: index=0
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
11:41:55.805194 s1 main front>back VHOST_USER_SET_VRING_ERR [0x1] size 8 fds 1: index=0
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
11:41:55.805199 s1 main front>back VHOST_USER_SET_VRING_CALL [0x1] size 8 fds 1: index=1
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
11:41:55.805204 s1 main front>back VHOST_USER_SET_VRING_ERR [0x1] size 8 fds 1: index=1
    Request: 14  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring fd descriptor: 0x1  [12+8]
        Vring index: 1  [12+8]
        No fd: false  [12+8]
    fd 0: eventfd inode 1038 size 0 name "anon_inode:[eventfd]"
11:41:55.805208 s1 main front>back VHOST_USER_GET_CONFIG [0x1] size 69 fds 0: offset=0 size=57 flags=0 (frontend) data=00000000000000000000000000000000...(57 bytes)
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
11:41:55.805235 s1 main back>front VHOST_USER_GET_CONFIG [0x5 reply] size 69 fds 0: offset=0 size=57 flags=0 (frontend) data=0080000000000000000000007e000000...(57 bytes) (latency 27.5us)
    Request: 24  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 69  [8+4]
    Config offset: 0  [12+4]
    Config size: 57  [16+4]
    Config flags: 0 (frontend)  [20+4]
    Config bytes: 0080000000000000000000007e0000000000000000020000000001000100000000000200008000000100000001000000008000000100000000  [24+57]
11:42:01.768470 s1 session end: front closed; device blk (cmdline, features, config); dialect qemu
