namespace ServiceQueue.Broker.Storage;

/// <summary>The Lua scripts under Storage/Scripts: one per mutation, plus the consistent reads.</summary>
internal enum BrokerScript
{
    UpsertQueue,
    Enqueue,
    EnqueueBatch,
    CallNext,
    CallTicket,
    Recall,
    StartService,
    Complete,
    NoShow,
    Park,
    Resume,
    Transfer,
    Move,
    Remove,
    GetQueue,
    GetTicket,
    ListQueues,
    ListBranches,
    ReadEvents,
    SignIn,
    Pause,
    Unpause,
    SignOut,
    ListPresence,
    SetPauseReasons,
    EvaluateAlerts,
    ListAlerts,
    AcknowledgeAlert,
}
