20:46:16.083474 s1 session start: front /tmp/test-capture-peers.gzoA7P/sock/blk-qsd-run-a.sock (listen, pid 19172: qemu-system-x86_64 -nodefaults -no-user-config -display none -no-reboot ...) back /tmp/test-capture-peers.gzoA7P/sock/blk-qsd-run-b.sock (connect, pid 18625: qemu-storage-daemon --blockdev driver=file,node-name=disk0,filename=/tmp...)
20:46:16.322781 s1 main front>back VHOST_USER_GET_FEATURES [0x1] size 0 fds 0
    Request: 1  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
20:46:16.325170 s1 main back>front VHOST_USER_GET_FEATURES [0x5 reply] size 8 fds 0: features=0x175007e46 <SIZE_MAX,SEG_MAX,BLK_SIZE,FLUSH,TOPOLOGY,CONFIG_WCE,MQ,DISCARD,WRITE_ZEROES,NOTIFY_ON_EMPTY,LOG_ALL,INDIRECT_DESC,EVENT_IDX,PROTOCOL_FEATURES,VERSION_1> (latency 2388.3us)
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
20:46:16.325461 s1 main front>back VHOST_USER_GET_PROTOCOL_FEATURES [0x1] size 0 fds 0
    Request: 15  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
20:46:16.325652 s1 main back>front VHOST_USER_GET_PROTOCOL_FEATURES [0x5 reply] size 8 fds 0: protocol_features=0x8f2b <MQ,LOG_SHMFD,REPLY_ACK,BACKEND_REQ,PAGEFAULT,CONFIG,BACKEND_SEND_FD,HOST_NOTIFIER,CONFIGURE_MEM_SLOTS> (latency 191.5us)
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
20:46:16.351198 s1 main front>back VHOST_USER_SET_PROTOCOL_FEATURES [0x1] size 8 fds 0: protocol_features=0x8f2b <MQ,LOG_SHMFD,REPLY_ACK,BACKEND_REQ,PAGEFAULT,CONFIG,BACKEND_SEND_FD,HOST_NOTIFIER,CONFIGURE_MEM_SLOTS>
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
20:46:16.351493 s1 main front>back VHOST_USER_GET_QUEUE_NUM [0x1] size 0 fds 0
    Request: 17  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
20:46:16.351599 s1 main back>front VHOST_USER_GET_QUEUE_NUM [0x5 reply] size 8 fds 0: queue_num=1 (latency 106.7us)
    Request: 17  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Maximum queues: 1  [12+8]
20:46:16.351778 s1 main front>back VHOST_USER_GET_MAX_MEM_SLOTS [0x1] size 0 fds 0
    Request: 36  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
20:46:16.351962 s1 main back>front VHOST_USER_GET_MAX_MEM_SLOTS [0x5 reply] size 8 fds 0: max_mem_slots=32 (latency 183.6us)
    Request: 36  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Memory slots: 32  [12+8]
20:46:16.352193 s1 main front>back VHOST_USER_SET_BACKEND_REQ_FD [0x9 need_reply] size 0 fds 1
    Request: 21  [0+4]
    Flags: 0x9  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: true  [4+4]
    Payload size: 0  [8+4]
    fd 0: socket inode 8156924 size 0 name "socket:[8156924]"
20:46:16.352746 s1 main back>front VHOST_USER_SET_BACKEND_REQ_FD [0x5 reply] size 8 fds 0: ack=0 (latency 552.4us)
    Request: 21  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Reply-ack result: 0  [12+8]
20:46:16.354749 s1 main front>back VHOST_USER_SET_OWNER [0x1] size 0 fds 0
    Request: 3  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
20:46:16.354766 s1 main front>back VHOST_USER_GET_FEATURES [0x1] size 0 fds 0
    Request: 1  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
20:46:16.354950 s1 main back>front VHOST_USER_GET_FEATURES [0x5 reply] size 8 fds 0: features=0x175007e46 <SIZE_MAX,SEG_MAX,BLK_SIZE,FLUSH,TOPOLOGY,CONFIG_WCE,MQ,DISCARD,WRITE_ZEROES,NOTIFY_ON_EMPTY,LOG_ALL,INDIRECT_DESC,EVENT_IDX,PROTOCOL_FEATURES,VERSION_1> (latency 184.7us)
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
20:46:16.355133 s1 main front>back VHOST_USER_SET_VRING_CALL [0x1] size 8 fds 1: index=0
    Request: 13  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring fd descriptor: 0x0  [12+8]
        Vring index: 0  [12+8]
        No fd: false  [12+8]
    fd 0: eventfd inode 1030 size 0 name "anon_inode:[eventfd]"
20:46:16.355244 s1 main front>back VHOST_USER_SET_VRING_ERR [0x1] size 8 fds 1: index=0
    Request: 14  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring fd descriptor: 0x0  [12+8]
        Vring index: 0  [12+8]
        No fd: false  [12+8]
    fd 0: eventfd inode 1030 size 0 name "anon_inode:[eventfd]"
20:46:16.355307 s1 main front>back VHOST_USER_GET_CONFIG [0x1] size 69 fds 0: offset=0 size=57 flags=0 (frontend) data=00000000000000000000000000000000...(57 bytes)
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
20:46:16.355326 s1 main back>front VHOST_USER_GET_CONFIG [0x5 reply] size 69 fds 0: offset=0 size=57 flags=0 (frontend) data=0008000000000000000000007e000000...(57 bytes) (latency 18.7us)
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
20:46:16.550992 s1 main front>back VHOST_USER_SET_FEATURES [0x1] size 8 fds 0: features=0x140000046 <SIZE_MAX,SEG_MAX,BLK_SIZE,PROTOCOL_FEATURES,VERSION_1>
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
20:46:16.551020 s1 main front>back VHOST_USER_SET_VRING_CALL [0x1] size 8 fds 1: index=0
    Request: 13  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring fd descriptor: 0x0  [12+8]
        Vring index: 0  [12+8]
        No fd: false  [12+8]
    fd 0: eventfd inode 1030 size 0 name "anon_inode:[eventfd]"
20:46:16.551098 s1 main front>back VHOST_USER_SET_FEATURES [0x1] size 8 fds 0: features=0x140000046 <SIZE_MAX,SEG_MAX,BLK_SIZE,PROTOCOL_FEATURES,VERSION_1>
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
20:46:16.551107 s1 main front>back VHOST_USER_ADD_MEM_REG [0x9 need_reply] size 40 fds 1: region[guest_addr=0x0 size=0x10000000 user_addr=0x7f0c7bfff000 mmap_offset=0x0]
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
        Userspace address: 0x7f0c7bfff000  [36+8]
        Mmap offset: 0x0  [44+8]
    fd 0: memfd inode 2295612 size 268435456 name "memory-backend-memfd"
20:46:16.554053 s1 main back>front VHOST_USER_ADD_MEM_REG [0x5 reply] size 8 fds 0: ack=0 (latency 2946.6us)
    Request: 37  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Reply-ack result: 0  [12+8]
20:46:16.562775 s1 main front>back VHOST_USER_SET_VRING_NUM [0x1] size 8 fds 0: index=0 size=128
    Request: 8  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Queue size: 128  [16+4]
20:46:16.562840 s1 main front>back VHOST_USER_SET_VRING_BASE [0x1] size 8 fds 0: index=0 base=0
    Request: 10  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Vring base: 0  [16+4]
20:46:16.562848 s1 main front>back VHOST_USER_SET_VRING_ADDR [0x1] size 40 fds 0: index=0 addr_flags=0x0 desc_user_addr=0x7f0c8bfdc000 used_user_addr=0x7f0c8bfdd000 avail_user_addr=0x7f0c8bfdc800 log_guest_addr=0xffde000
    Request: 9  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 40  [8+4]
    Vring index: 0  [12+4]
    Address flags: 0x0  [16+4]
        Log used-ring writes: false  [16+4]
    Descriptor table address: 0x7f0c8bfdc000  [20+8]
    Used ring address: 0x7f0c8bfdd000  [28+8]
    Avail ring address: 0x7f0c8bfdc800  [36+8]
    Log guest address: 0xffde000  [44+8]
20:46:16.562859 s1 main front>back VHOST_USER_SET_VRING_KICK [0x1] size 8 fds 1: index=0
    Request: 12  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring fd descriptor: 0x0  [12+8]
        Vring index: 0  [12+8]
        No fd: false  [12+8]
    fd 0: eventfd inode 1030 size 0 name "anon_inode:[eventfd]"
20:46:16.562900 s1 main front>back VHOST_USER_SET_VRING_ENABLE [0x1] size 8 fds 0: index=0 enable=1
    Request: 18  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Enable: 1  [16+4]
20:46:29.986162 s1 main front>back VHOST_USER_SET_VRING_ENABLE [0x1] size 8 fds 0: index=0 enable=0
    Request: 18  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Enable: 0  [16+4]
20:46:29.986566 s1 main front>back VHOST_USER_GET_VRING_BASE [0x1] size 8 fds 0: index=0 num=0
    Request: 11  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Vring num: 0  [16+4]
20:46:29.995130 s1 main back>front VHOST_USER_GET_VRING_BASE [0x5 reply] size 8 fds 0: index=0 base=1 (latency 8563.8us)
    Request: 11  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Vring base: 1  [16+4]
20:46:30.028199 s1 main front>back VHOST_USER_SET_FEATURES [0x1] size 8 fds 0: features=0x170006e46 <SIZE_MAX,SEG_MAX,BLK_SIZE,FLUSH,TOPOLOGY,CONFIG_WCE,DISCARD,WRITE_ZEROES,INDIRECT_DESC,EVENT_IDX,PROTOCOL_FEATURES,VERSION_1>
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
20:46:30.029034 s1 main front>back VHOST_USER_SET_VRING_CALL [0x1] size 8 fds 1: index=0
    Request: 13  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring fd descriptor: 0x0  [12+8]
        Vring index: 0  [12+8]
        No fd: false  [12+8]
    fd 0: eventfd inode 1030 size 0 name "anon_inode:[eventfd]"
20:46:30.029295 s1 main front>back VHOST_USER_SET_FEATURES [0x1] size 8 fds 0: features=0x170006e46 <SIZE_MAX,SEG_MAX,BLK_SIZE,FLUSH,TOPOLOGY,CONFIG_WCE,DISCARD,WRITE_ZEROES,INDIRECT_DESC,EVENT_IDX,PROTOCOL_FEATURES,VERSION_1>
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
20:46:30.029308 s1 main front>back VHOST_USER_SET_VRING_NUM [0x1] size 8 fds 0: index=0 size=128
    Request: 8  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Queue size: 128  [16+4]
20:46:30.029316 s1 main front>back VHOST_USER_SET_VRING_BASE [0x1] size 8 fds 0: index=0 base=0
    Request: 10  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Vring base: 0  [16+4]
20:46:30.029323 s1 main front>back VHOST_USER_SET_VRING_ADDR [0x1] size 40 fds 0: index=0 addr_flags=0x0 desc_user_addr=0x7f0c7ea26000 used_user_addr=0x7f0c7ea26940 avail_user_addr=0x7f0c7ea26800 log_guest_addr=0x2a27940
    Request: 9  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 40  [8+4]
    Vring index: 0  [12+4]
    Address flags: 0x0  [16+4]
        Log used-ring writes: false  [16+4]
    Descriptor table address: 0x7f0c7ea26000  [20+8]
    Used ring address: 0x7f0c7ea26940  [28+8]
    Avail ring address: 0x7f0c7ea26800  [36+8]
    Log guest address: 0x2a27940  [44+8]
20:46:30.029332 s1 main front>back VHOST_USER_SET_VRING_KICK [0x1] size 8 fds 1: index=0
    Request: 12  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring fd descriptor: 0x0  [12+8]
        Vring index: 0  [12+8]
        No fd: false  [12+8]
    fd 0: eventfd inode 1030 size 0 name "anon_inode:[eventfd]"
20:46:30.029369 s1 main front>back VHOST_USER_SET_VRING_ENABLE [0x1] size 8 fds 0: index=0 enable=1
    Request: 18  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Enable: 1  [16+4]
20:46:30.150446 s1 main front>back VHOST_USER_SET_VRING_ENABLE [0x1] size 8 fds 0: index=0 enable=0
    Request: 18  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Enable: 0  [16+4]
20:46:30.150790 s1 main front>back VHOST_USER_GET_VRING_BASE [0x1] size 8 fds 0: index=0 num=0
    Request: 11  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Vring num: 0  [16+4]
20:46:30.150934 s1 main back>front VHOST_USER_GET_VRING_BASE [0x5 reply] size 8 fds 0: index=0 base=7 (latency 144.4us)
    Request: 11  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Vring base: 7  [16+4]
20:46:30.161323 s1 session end: front closed; device blk (cmdline, features, config); dialect qemu
